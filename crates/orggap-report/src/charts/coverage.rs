//! `coverage`: per role, a stacked horizontal bar of covered / at-risk / gap duties.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{
    Draw, DrawResult, INK, LABEL_SIZE, ROW, TOP, WIDTH, row_label, status_legend, statuses, title,
};
use crate::charts::ChartInputs;
use crate::number::thousands;

const LEFT: i32 = 260;
const GAP_BETWEEN: i32 = 18;

pub(crate) struct Coverage<'a>(pub &'a ChartInputs);

impl Draw for Coverage<'_> {
    fn name(&self) -> &'static str {
        "coverage"
    }

    fn title(&self) -> String {
        "Coverage by role".into()
    }

    fn height(&self) -> u32 {
        (TOP + self.0.roles.len() as i32 * (ROW + GAP_BETWEEN) + 30) as u32
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let total = thousands(self.0.duty_count);
        let subtitle = match self.0.hidden_roles {
            0 => format!("{total} duties; each bar is one role's duties by status"),
            hidden => format!(
                "{total} duties; the {} roles with the most gaps shown, {} more not",
                self.0.roles.len(),
                thousands(hidden)
            ),
        };
        title(area, &self.title(), &subtitle)?;
        let any = |i: usize| self.0.roles.iter().any(|r| r.counts[i] > 0);
        status_legend(area, (LEFT, 58), any(3), any(4))?;
        let right = WIDTH as i32 - 30;
        let most = self
            .0
            .roles
            .iter()
            .map(|r| r.counts.iter().sum::<usize>())
            .max()
            .unwrap_or(1)
            .max(1);
        for (i, role) in self.0.roles.iter().enumerate() {
            let y = TOP + 10 + i as i32 * (ROW + GAP_BETWEEN);
            row_label(area, &role.label, (LEFT - 10, y + ROW / 2), LABEL_SIZE)?;
            stacked_bar(area, &role.counts, most, (LEFT, right), y)?;
        }
        Ok(())
    }
}

/// One bar of duties by status (covered, at risk, gap, accepted, unassessed) from `x` (the left end)
/// at row `y`, scaled so that `most` duties fill the width up to `right`; each part long
/// enough carries its count.
pub(super) fn stacked_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    counts: &[usize; 5],
    most: usize,
    (left, right): (i32, i32),
    y: i32,
) -> DrawResult<DB> {
    let mut x = left;
    for (i, (count, (_, color))) in counts.iter().zip(statuses()).enumerate() {
        if *count == 0 {
            continue;
        }
        let w = ((right - left) as f64 * *count as f64 / most.max(1) as f64).round() as i32;
        area.draw(&Rectangle::new([(x, y), (x + w, y + ROW)], color.filled()))?;
        // Unassessed is pale: outlined, its count in ink, so it reads in grey too.
        let unassessed = i == 4;
        if unassessed {
            area.draw(&Rectangle::new(
                [(x, y), (x + w, y + ROW)],
                INK.stroke_width(1),
            ))?;
        }
        if w >= 22 {
            let ink = if unassessed { INK } else { WHITE };
            let style = ("DejaVu Sans", LABEL_SIZE).into_font().color(&ink).pos(
                plotters::style::text_anchor::Pos::new(
                    HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                ),
            );
            area.draw_text(&count.to_string(), &style, (x + w / 2, y + ROW / 2))?;
        }
        x += w;
    }
    Ok(())
}

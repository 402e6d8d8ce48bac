//! `responsibilities`: qualified people per duty, sorted, coloured by status, each duty's
//! `min_owners` marked with a black tick.

use orggap_analysis::Status;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{
    Draw, DrawResult, INK, SMALL_SIZE, TOP, WIDTH, hex, label, row_label, scale, status_legend,
    title,
};
use crate::charts::ChartInputs;
use crate::number::thousands;
use crate::palette::{UNASSESSED, status_color};

const LEFT: i32 = 330;
const BAR: i32 = 16;
const STEP: i32 = 21;

pub(crate) struct Responsibilities<'a>(pub &'a ChartInputs);

impl Draw for Responsibilities<'_> {
    fn name(&self) -> &'static str {
        "responsibilities"
    }

    fn title(&self) -> String {
        "Qualified people per duty".into()
    }

    fn height(&self) -> u32 {
        (TOP + 10 + self.0.duties.len() as i32 * STEP + 40) as u32
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let hidden = self.0.duty_count - self.0.duties.len();
        let subtitle = match hidden {
            0 => "fewest first; the black tick is how many each duty needs (min_owners)".to_owned(),
            _ => format!(
                "the {} duties that most need attention, fewest first ({} more not shown); the black tick is min_owners",
                self.0.duties.len(),
                thousands(hidden)
            ),
        };
        title(area, &self.title(), &subtitle)?;
        let any = |s: Status| self.0.duties.iter().any(|d| d.status == s);
        status_legend(
            area,
            (LEFT, 58),
            any(Status::Accepted),
            any(Status::Unassessed),
        )?;
        let mut duties: Vec<_> = self.0.duties.iter().collect();
        duties.sort_by_key(|d| (d.qualified, d.status));
        // Room for the longest note: "0 + 16 unassessed".
        let right = WIDTH as i32 - if any(Status::Unassessed) { 130 } else { 60 };
        let max = duties
            .iter()
            .map(|d| ((d.qualified + d.unassessed) as u64).max(u64::from(d.min_owners)))
            .max()
            .unwrap_or(1)
            .max(1);
        let top = TOP + 10;
        let bottom = top + duties.len() as i32 * STEP;
        scale(area, (LEFT, right), (top - 4, bottom), max)?;
        let x_of = |v: u64| LEFT + ((right - LEFT) as f64 * v as f64 / max as f64).round() as i32;
        for (i, d) in duties.iter().enumerate() {
            let y = top + i as i32 * STEP;
            row_label(area, &d.title, (LEFT - 8, y + BAR / 2), SMALL_SIZE)?;
            let color = hex(status_color(d.status));
            if d.qualified > 0 {
                area.draw(&Rectangle::new(
                    [(LEFT, y), (x_of(d.qualified as u64), y + BAR)],
                    color.filled(),
                ))?;
            }
            if d.unassessed > 0 {
                // The best case: the unassessed people after the proven ones, pale and
                // outlined.
                let (from, to) = (d.qualified as u64, (d.qualified + d.unassessed) as u64);
                let pale = [(x_of(from), y + 2), (x_of(to), y + BAR - 2)];
                area.draw(&Rectangle::new(pale, hex(UNASSESSED).filled()))?;
                area.draw(&Rectangle::new(pale, INK.stroke_width(1)))?;
            }
            let tick = x_of(u64::from(d.min_owners));
            area.draw(&Rectangle::new(
                [(tick - 1, y - 2), (tick + 1, y + BAR + 2)],
                INK.filled(),
            ))?;
            let end = x_of((d.qualified + d.unassessed) as u64).max(tick);
            let note = match d.status {
                Status::Covered => d.qualified.to_string(),
                Status::Unassessed => format!("{} + {} unassessed", d.qualified, d.unassessed),
                other => format!("{}  {}", d.qualified, other.as_str().replace('-', " ")),
            };
            label(area, &note, (end + 6, y + BAR / 2), SMALL_SIZE, HPos::Left)?;
        }
        Ok(())
    }
}

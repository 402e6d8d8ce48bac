//! `key-people`: people by the duties only they are qualified for, and by what their
//! departure would do (new gaps and newly at-risk duties).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{
    Draw, DrawResult, LABEL_SIZE, ROW, SMALL_SIZE, TOP, WIDTH, hex, label, legend, row_label, title,
};
use crate::charts::KeyPersonBar;
use crate::palette::{AT_RISK, GAP, PERSON};

const LEFT: i32 = 210;
const MIDDLE: i32 = 560;
const STEP: i32 = ROW + 6;

pub(crate) struct KeyPeople<'a>(pub &'a [KeyPersonBar]);

impl Draw for KeyPeople<'_> {
    fn name(&self) -> &'static str {
        "key-people"
    }

    fn title(&self) -> String {
        "Key-person risk".into()
    }

    fn height(&self) -> u32 {
        (TOP + 30 + self.0.len().max(1) as i32 * STEP + 20) as u32
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        title(
            area,
            &self.title(),
            "left: duties only this person is qualified for; right: what their departure would do",
        )?;
        legend(
            area,
            (LEFT, 58),
            &[
                ("only qualified person", hex(PERSON)),
                ("new gaps", hex(GAP)),
                ("newly at risk", hex(AT_RISK)),
            ],
        )?;
        if self.0.is_empty() {
            label(
                area,
                "Nobody's departure would change any duty's status.",
                (LEFT, TOP + 40),
                LABEL_SIZE,
                HPos::Left,
            )?;
            return Ok(());
        }
        let most_sole = self.0.iter().map(|b| b.sole).max().unwrap_or(0).max(1);
        let most_harm = self
            .0
            .iter()
            .map(|b| b.new_gaps + b.new_at_risk)
            .max()
            .unwrap_or(0)
            .max(1);
        let (left_w, right_w) = (MIDDLE - LEFT - 50, WIDTH as i32 - MIDDLE - 50);
        for (i, b) in self.0.iter().enumerate() {
            let y = TOP + 30 + i as i32 * STEP;
            row_label(area, &b.name, (LEFT - 10, y + ROW / 2), LABEL_SIZE)?;
            let w = (left_w as f64 * b.sole as f64 / most_sole as f64).round() as i32;
            if w > 0 {
                area.draw(&Rectangle::new(
                    [(LEFT, y), (LEFT + w, y + ROW)],
                    hex(PERSON).filled(),
                ))?;
            }
            label(
                area,
                &b.sole.to_string(),
                (LEFT + w + 6, y + ROW / 2),
                SMALL_SIZE,
                HPos::Left,
            )?;
            let mut x = MIDDLE;
            for (n, color) in [(b.new_gaps, hex(GAP)), (b.new_at_risk, hex(AT_RISK))] {
                let w = (right_w as f64 * n as f64 / most_harm as f64).round() as i32;
                if w > 0 {
                    area.draw(&Rectangle::new([(x, y), (x + w, y + ROW)], color.filled()))?;
                }
                x += w;
            }
            let text = format!("{} + {}", b.new_gaps, b.new_at_risk);
            label(area, &text, (x + 6, y + ROW / 2), SMALL_SIZE, HPos::Left)?;
        }
        Ok(())
    }
}

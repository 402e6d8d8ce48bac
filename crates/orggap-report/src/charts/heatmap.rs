//! `skills-heatmap`: people × skills levels, grouped by team; above 60 people, teams × skills
//! (mean of the known levels). Level 0 is a pale cell with no number, an unknown level a
//! white cell with `?`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Draw, DrawResult, FAMILY, INK, SMALL_SIZE, WIDTH, fit, label, row_label, title};
use crate::charts::Heatmap;
use crate::number::thousands;

const LEFT: i32 = 200;
const HEADER: i32 = 230;
const CELL_H: i32 = 18;

/// Light to dark blue for levels 0..=5 (one hue, so it reads for colour-blind eyes).
const LEVELS: [RGBColor; 6] = [
    RGBColor(0xF2, 0xF2, 0xF2),
    RGBColor(0xDE, 0xEB, 0xF7),
    RGBColor(0x9E, 0xCA, 0xE1),
    RGBColor(0x6B, 0xAE, 0xD6),
    RGBColor(0x31, 0x82, 0xBD),
    RGBColor(0x08, 0x51, 0x9C),
];

/// The edge and mark of an unknown level's cell.
const UNKNOWN_EDGE: RGBColor = RGBColor(0x96, 0x96, 0x96);

pub(crate) struct SkillsHeatmap<'a>(pub &'a Heatmap);

/// The colour of a level, blending between the steps for means such as 2.4.
fn shade(level: f32) -> RGBColor {
    let level = level.clamp(0.0, 5.0);
    let low = level.floor() as usize;
    let high = (low + 1).min(5);
    let t = f64::from(level - low as f32);
    let (a, b) = (LEVELS[low], LEVELS[high]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

impl Draw for SkillsHeatmap<'_> {
    fn name(&self) -> &'static str {
        "skills-heatmap"
    }

    fn title(&self) -> String {
        if self.0.by_team {
            "Skills by team (mean level)".into()
        } else {
            "Skills of the team".into()
        }
    }

    fn height(&self) -> u32 {
        let lines = self.0.rows.len() + self.0.groups().len();
        (HEADER + lines.max(1) as i32 * CELL_H + 50) as u32
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let h = self.0;
        let columns_note = match h.hidden_columns {
            0 => String::new(),
            hidden => format!(
                "; the {} skills most duties need ({} more not shown)",
                h.columns.len(),
                thousands(hidden)
            ),
        };
        let subtitle = if h.by_team && h.hidden_rows > 0 {
            format!(
                "{} people in {} teams; the {} largest shown, {} more not; 0 none … 5 expert",
                thousands(h.people),
                thousands(h.rows.len() + h.hidden_rows),
                h.rows.len(),
                thousands(h.hidden_rows)
            )
        } else if h.by_team {
            format!(
                "{} people in {} teams; 0 none … 5 expert",
                thousands(h.people),
                h.rows.len()
            )
        } else {
            format!(
                "{} people by team; levels 0 none (blank), 1 novice, 2 advanced beginner, 3 competent, 4 proficient, 5 expert",
                h.people
            )
        };
        title(area, &self.title(), &format!("{subtitle}{columns_note}"))?;
        let columns = h.columns.len().max(1) as i32;
        let cell_w = (WIDTH as i32 - LEFT - 20) / columns;
        let rotated = ("DejaVu Sans", SMALL_SIZE)
            .into_font()
            .transform(FontTransform::Rotate270)
            .color(&INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (c, name) in h.columns.iter().enumerate() {
            let x = LEFT + c as i32 * cell_w + cell_w / 2;
            let text = fit(area, name, SMALL_SIZE, (HEADER - 70) as u32);
            area.draw_text(&text, &rotated, (x, HEADER - 6))?;
        }
        let columns = h.columns.len();
        // Each team's name on a line of its own above its people.
        let groups = h.groups();
        let mut starts = groups.iter().scan(0, |row, &(team, rows)| {
            let start = *row;
            *row += rows;
            Some((start, team))
        });
        let mut next = starts.next();
        let mut line = 0;
        for (r, row) in h.rows.iter().enumerate() {
            if let Some((_, team)) = next.filter(|&(start, _)| start == r) {
                let name = if team.is_empty() { "(no team)" } else { team };
                let y = HEADER + line * CELL_H;
                let style = (FAMILY, SMALL_SIZE)
                    .into_font()
                    .style(FontStyle::Bold)
                    .color(&INK)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                let text = fit(area, name, SMALL_SIZE, (WIDTH as i32 - 32) as u32);
                area.draw_text(&text, &style, (16, y + CELL_H / 2 + 2))?;
                line += 1;
                next = starts.next();
            }
            let y = HEADER + line * CELL_H;
            line += 1;
            row_label(area, row, (LEFT - 8, y + CELL_H / 2), SMALL_SIZE)?;
            for c in 0..columns {
                let x = LEFT + c as i32 * cell_w;
                let cell = [(x, y), (x + cell_w - 1, y + CELL_H - 1)];
                let Some(v) = h.values[r * columns + c] else {
                    area.draw(&Rectangle::new(cell, WHITE.filled()))?;
                    area.draw(&Rectangle::new(cell, UNKNOWN_EDGE.stroke_width(1)))?;
                    let style = (FAMILY, SMALL_SIZE - 1.0)
                        .into_font()
                        .color(&UNKNOWN_EDGE)
                        .pos(Pos::new(HPos::Center, VPos::Center));
                    area.draw_text("?", &style, (x + cell_w / 2, y + CELL_H / 2))?;
                    continue;
                };
                area.draw(&Rectangle::new(cell, shade(v).filled()))?;
                if v > 0.0 {
                    let ink = if v >= 3.5 { WHITE } else { INK };
                    let (text, size) = if h.by_team {
                        (format!("{v:.1}"), SMALL_SIZE - 3.0)
                    } else {
                        (format!("{v:.0}"), SMALL_SIZE - 1.0)
                    };
                    let style = (FAMILY, size)
                        .into_font()
                        .color(&ink)
                        .pos(Pos::new(HPos::Center, VPos::Center));
                    area.draw_text(&text, &style, (x + cell_w / 2, y + CELL_H / 2))?;
                }
            }
        }
        let y = HEADER + line * CELL_H + 20;
        for (level, color) in LEVELS.iter().enumerate() {
            let x = LEFT + level as i32 * 60;
            area.draw(&Rectangle::new(
                [(x, y - 7), (x + 14, y + 7)],
                color.filled(),
            ))?;
            area.draw(&Rectangle::new(
                [(x, y - 7), (x + 14, y + 7)],
                INK.stroke_width(1),
            ))?;
            label(
                area,
                &level.to_string(),
                (x + 20, y),
                SMALL_SIZE,
                HPos::Left,
            )?;
        }
        if h.values.iter().any(Option::is_none) {
            let x = LEFT + LEVELS.len() as i32 * 60;
            let cell = [(x, y - 7), (x + 14, y + 7)];
            area.draw(&Rectangle::new(cell, UNKNOWN_EDGE.stroke_width(1)))?;
            let style = (FAMILY, SMALL_SIZE - 1.0)
                .into_font()
                .color(&UNKNOWN_EDGE)
                .pos(Pos::new(HPos::Center, VPos::Center));
            area.draw_text("?", &style, (x + 7, y))?;
            label(area, "unknown", (x + 20, y), SMALL_SIZE, HPos::Left)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_blend_between_levels() {
        assert_eq!(shade(2.0), LEVELS[2]);
        assert_eq!(shade(9.0), LEVELS[5]);
        let mid = shade(2.5);
        assert!(mid.0 < LEVELS[2].0 && mid.0 > LEVELS[3].0);
    }
}

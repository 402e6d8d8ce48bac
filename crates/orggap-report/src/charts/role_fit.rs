//! `role-fit`: the top candidates × roles: how many of each role's duties they qualify for.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    Draw, DrawResult, FAMILY, INK, LABEL_SIZE, ROW, TOP, WIDTH, fit, label, row_label, title,
};
use crate::charts::RoleFit;
use crate::number::thousands;

const LEFT: i32 = 240;
const STEP: i32 = ROW + 6;

pub(crate) struct RoleFitChart<'a>(pub &'a RoleFit);

/// Light to dark by the share of a role's duties a person qualifies for.
fn shade(share: f64) -> RGBColor {
    let light = (0xF2 as f64, 0xF2 as f64, 0xF2 as f64);
    let dark = (0x08 as f64, 0x51 as f64, 0x9C as f64);
    let mix = |a: f64, b: f64| (a + (b - a) * share.clamp(0.0, 1.0)).round() as u8;
    RGBColor(
        mix(light.0, dark.0),
        mix(light.1, dark.1),
        mix(light.2, dark.2),
    )
}

impl Draw for RoleFitChart<'_> {
    fn name(&self) -> &'static str {
        "role-fit"
    }

    fn title(&self) -> String {
        "Role fit of the top candidates".into()
    }

    fn height(&self) -> u32 {
        (TOP + 40 + self.0.people.len().max(1) as i32 * STEP + 20) as u32
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let f = self.0;
        let subtitle = match f.hidden_roles {
            0 => {
                "how many of each role's duties the person is qualified for; darker is a closer fit"
                    .to_owned()
            }
            hidden => format!(
                "duties qualified for, in the {} roles with the most gaps ({} more not shown); darker is closer",
                f.roles.len(),
                thousands(hidden)
            ),
        };
        title(area, &self.title(), &subtitle)?;
        if f.people.is_empty() {
            label(
                area,
                "Nobody is qualified for any duty yet.",
                (LEFT, TOP + 40),
                LABEL_SIZE,
                HPos::Left,
            )?;
            return Ok(());
        }
        let roles = f.roles.len().max(1) as i32;
        let cell_w = (WIDTH as i32 - LEFT - 30) / roles;
        let header = TOP + 20;
        // Narrow cells (many roles) say the same in fewer characters.
        let narrow = cell_w < 120;
        for (c, (role, total)) in f.roles.iter().enumerate() {
            let x = LEFT + c as i32 * cell_w + cell_w / 2;
            // Narrow cells show the total in every cell already.
            let text = if narrow {
                role.clone()
            } else {
                format!("{role} ({total} duties)")
            };
            label(
                area,
                &fit(area, &text, LABEL_SIZE, (cell_w - 8) as u32),
                (x, header),
                LABEL_SIZE,
                HPos::Center,
            )?;
        }
        for (r, person) in f.people.iter().enumerate() {
            let y = header + 16 + r as i32 * STEP;
            row_label(area, person, (LEFT - 10, y + ROW / 2), LABEL_SIZE)?;
            for (c, (_, total)) in f.roles.iter().enumerate() {
                let n = f.fit[r * f.roles.len() + c];
                let share = if *total == 0 {
                    0.0
                } else {
                    n as f64 / *total as f64
                };
                let x = LEFT + c as i32 * cell_w;
                area.draw(&Rectangle::new(
                    [(x, y), (x + cell_w - 4, y + ROW)],
                    shade(share).filled(),
                ))?;
                let ink = if share > 0.55 { WHITE } else { INK };
                let style = (FAMILY, LABEL_SIZE)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                let text = if narrow {
                    format!("{n}/{total}")
                } else {
                    format!("{n} of {total}")
                };
                area.draw_text(&text, &style, (x + (cell_w - 4) / 2, y + ROW / 2))?;
            }
        }
        Ok(())
    }
}

//! Charts drawn with plotters as SVG, and the SVG rasterised to PNG with resvg, so that both
//! show the same picture.
//!
//! Text uses DejaVu Sans, shipped in `crates/orggap-report/fonts/` and loaded from bytes, so
//! no system font is needed; the system's fonts are a fallback for characters DejaVu lacks
//! (Chinese names, say). resvg shapes the text (kerning included). Sizes, fonts and colours
//! are named here; the status colours come from [`crate::palette`].

mod against;
mod coverage;
mod grid;
mod heatmap;
mod inputs;
mod key_people;
mod org_shape;
mod responsibilities;
mod role_fit;

use std::sync::{Arc, Once, OnceLock};

use resvg::usvg::fontdb::Database;

use orggap_model::visible;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub use against::{AgainstInputs, RolePair, render_against_chart};
pub use grid::Heatmap;
pub use inputs::{ChartInputs, KeyPersonBar, RoleFit};
pub use org_shape::{OrgChartInputs, render_org_chart};

/// Pixels across every chart.
pub const WIDTH: u32 = 960;
/// Title font size.
const TITLE_SIZE: f64 = 22.0;
/// Label font size.
const LABEL_SIZE: f64 = 14.0;
/// Small print (legends, axis notes).
const SMALL_SIZE: f64 = 12.0;
/// Height of one bar row.
const ROW: i32 = 24;
/// Space above the first row (title and legend).
const TOP: i32 = 70;
/// The font family name the fonts are registered under.
const FAMILY: &str = "DejaVu Sans";
/// Ink for text and axes.
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Faint grid lines.
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

static FONTS: Once = Once::new();

/// Registers the shipped fonts with plotters, once per process.
fn register_fonts() {
    FONTS.call_once(|| {
        // The bytes are compiled in and known to parse (tested), so failure is a bug.
        let ok = plotters::style::register_font(FAMILY, FontStyle::Normal, REGULAR).is_ok()
            && plotters::style::register_font(FAMILY, FontStyle::Bold, BOLD).is_ok();
        assert!(ok, "the shipped DejaVu fonts parse");
    });
}

/// One chart, rendered both ways.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// File stem, e.g. `coverage`.
    pub name: &'static str,
    /// Title shown on the chart.
    pub title: String,
    /// SVG text.
    pub svg: String,
    /// PNG bytes.
    pub png: Vec<u8>,
    /// Pixel size.
    pub size: (u32, u32),
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("chart '{chart}': {message}")]
pub struct ChartError {
    chart: &'static str,
    message: String,
}

/// Something that draws itself onto any plotters backend.
pub(crate) trait Draw {
    /// File stem.
    fn name(&self) -> &'static str;
    /// Title.
    fn title(&self) -> String;
    /// Pixel height for [`WIDTH`].
    fn height(&self) -> u32;
    /// Draws onto `area`.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The tallest chart drawn; every chart bounds its rows well below this, so it is a last
/// guard against a pixel buffer that would not fit in memory.
const MAX_HEIGHT: u32 = 8_000;

fn render(chart: &impl Draw) -> Result<Chart, ChartError> {
    register_fonts();
    let size = (WIDTH, chart.height());
    let fail = |message: String| ChartError {
        chart: chart.name(),
        message,
    };
    if size.1 > MAX_HEIGHT {
        return Err(fail(format!(
            "{} pixels tall; at most {MAX_HEIGHT}",
            size.1
        )));
    }
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        area.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
        chart.draw(&area).map_err(|e| fail(e.to_string()))?;
        area.present().map_err(|e| fail(e.to_string()))?;
    }
    let png = rasterise(&svg, size).map_err(fail)?;
    Ok(Chart {
        name: chart.name(),
        title: chart.title(),
        svg,
        png,
        size,
    })
}

/// The shipped DejaVu Sans.
const REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// The shipped DejaVu Sans (regular and bold), loaded once per process.
fn shipped_fonts() -> Arc<Database> {
    static FONTS: OnceLock<Arc<Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut fonts = Database::new();
            fonts.load_font_data(REGULAR.to_vec());
            fonts.load_font_data(BOLD.to_vec());
            Arc::new(fonts)
        })
        .clone()
}

/// The shipped fonts first, then the system's, for characters DejaVu lacks. Loaded once per
/// process, and only when a chart needs it (reading every system font takes a while).
fn fonts_with_system() -> Arc<Database> {
    static FONTS: OnceLock<Arc<Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut fonts = (*shipped_fonts()).clone();
            fonts.load_system_fonts();
            Arc::new(fonts)
        })
        .clone()
}

/// The fonts to draw `svg` with: the shipped ones, unless some character of it is missing
/// from them.
fn fonts_for(svg: &str) -> Arc<Database> {
    let shipped = shipped_fonts();
    let unusual: std::collections::BTreeSet<char> = svg.chars().filter(|c| !c.is_ascii()).collect();
    let covered = |c: char| {
        [REGULAR, BOLD].iter().all(|font| {
            ttf_parser::Face::parse(font, 0).is_ok_and(|face| face.glyph_index(c).is_some())
        })
    };
    match unusual.into_iter().all(covered) {
        true => shipped,
        false => fonts_with_system(),
    }
}

/// The SVG drawn into pixels of `size` and encoded as PNG.
fn rasterise(svg: &str, (w, h): (u32, u32)) -> Result<Vec<u8>, String> {
    let options = resvg::usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: fonts_for(svg),
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| format!("cannot make a {w}×{h} picture"))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// Every chart of the report, in the order the report shows them.
pub fn render_charts(inputs: &ChartInputs) -> Result<Vec<Chart>, ChartError> {
    // Each chart on a thread of its own: rasterising is most of the work.
    std::thread::scope(|threads| {
        let coverage = threads.spawn(|| render(&coverage::Coverage(inputs)));
        let duties = threads.spawn(|| render(&responsibilities::Responsibilities(inputs)));
        let heatmap = threads.spawn(|| render(&heatmap::SkillsHeatmap(&inputs.heatmap)));
        let key_people = threads.spawn(|| render(&key_people::KeyPeople(&inputs.key_people)));
        let role_fit = render(&role_fit::RoleFitChart(&inputs.role_fit));
        let join = |handle: std::thread::ScopedJoinHandle<'_, _>| {
            handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        };
        Ok(vec![
            join(coverage)?,
            join(duties)?,
            join(heatmap)?,
            join(key_people)?,
            role_fit?,
        ])
    })
}

/// A colour from `#RRGGBB`.
pub(crate) fn hex(code: &str) -> RGBColor {
    let byte = |i: usize| u8::from_str_radix(code.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    RGBColor(byte(1), byte(3), byte(5))
}

fn font(size: f64, bold: bool) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    (FAMILY, size, style).into_font().color(&INK)
}

/// Text with its left edge, vertical centre at `(x, y)`.
pub(crate) fn label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    (x, y): (i32, i32),
    size: f64,
    h: HPos,
) -> DrawResult<DB> {
    let style = font(size, false).pos(Pos::new(h, VPos::Center));
    area.draw_text(&visible(text), &style, (x, y))
}

/// A row's label, right-aligned to end at `x` and cut with an ellipsis to fit between the
/// chart's left edge (8 px margin) and `x`.
pub(crate) fn row_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    (x, y): (i32, i32),
    size: f64,
) -> DrawResult<DB> {
    let text = fit(area, text, size, (x - 8).max(0) as u32);
    label(area, &text, (x, y), size, HPos::Right)
}

/// The most characters of a label that are ever measured: no chart is wide enough for more.
const MAX_LABEL_CHARS: usize = 160;

/// `text` cut with an ellipsis to fit `max_width` pixels at `size`.
///
/// Only the first [`MAX_LABEL_CHARS`] characters are considered, and the longest prefix
/// that fits is found by halving, so a name of any length costs a few measurements of at
/// most that many characters.
pub(crate) fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: f64,
    max_width: u32,
) -> String {
    let style = font(size, false);
    fit_by(text, max_width, |s| {
        area.estimate_text_size(s, &style).map_or(0, |(w, _)| w)
    })
}

/// [`fit`] with the text measured by `width`.
fn fit_by(text: &str, max_width: u32, width: impl Fn(&str) -> u32) -> String {
    // Control and direction characters are shown as escapes: XML forbids most of them.
    let capped: String = text.chars().take(MAX_LABEL_CHARS + 1).collect();
    let text = visible(&capped);
    let chars: Vec<char> = text.chars().take(MAX_LABEL_CHARS + 1).collect();
    if chars.len() <= MAX_LABEL_CHARS && width(&text) <= max_width {
        return text.into_owned();
    }
    let with_ellipsis = |keep: usize| chars[..keep].iter().collect::<String>() + "…";
    // The longest prefix that fits, between `fits` (known to) and `over` (known not to).
    let (mut fits, mut over) = (0, chars.len().min(MAX_LABEL_CHARS) + 1);
    while over - fits > 1 {
        let mid = (fits + over) / 2;
        if width(&with_ellipsis(mid)) <= max_width {
            fits = mid;
        } else {
            over = mid;
        }
    }
    with_ellipsis(fits)
}

/// The title at the top left, and a subtitle under it.
pub(crate) fn title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> DrawResult<DB> {
    area.draw_text(
        title,
        &font(TITLE_SIZE, true).pos(Pos::new(HPos::Left, VPos::Top)),
        (16, 10),
    )?;
    area.draw_text(
        subtitle,
        &font(SMALL_SIZE, false).pos(Pos::new(HPos::Left, VPos::Top)),
        (16, 38),
    )
}

/// The statuses and their colours, in the order bars stack them.
pub(crate) fn statuses() -> [(&'static str, RGBColor); 5] {
    use crate::palette::{ACCEPTED, AT_RISK, COVERED, GAP, UNASSESSED};
    [
        ("covered", hex(COVERED)),
        ("at risk", hex(AT_RISK)),
        ("gap", hex(GAP)),
        ("accepted", hex(ACCEPTED)),
        ("unassessed", hex(UNASSESSED)),
    ]
}

/// The legend of statuses at `(x, y)`: covered, at risk and gap always, accepted only when
/// some duty is (that takes a policy), unassessed only when some duty is.
pub(crate) fn status_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    any_accepted: bool,
    any_unassessed: bool,
) -> DrawResult<DB> {
    let all = statuses();
    let shown: Vec<(&str, RGBColor)> = all
        .iter()
        .enumerate()
        .filter(|&(i, _)| i < 3 || (i == 3 && any_accepted) || (i == 4 && any_unassessed))
        .map(|(_, s)| *s)
        .collect();
    legend(area, at, &shown)
}

/// A legend of coloured squares, left to right from `(x, y)`.
pub(crate) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    items: &[(&str, RGBColor)],
) -> DrawResult<DB> {
    let mut x = x;
    for (text, color) in items {
        area.draw(&Rectangle::new(
            [(x, y - 6), (x + 12, y + 6)],
            color.filled(),
        ))?;
        label(area, text, (x + 18, y), SMALL_SIZE, HPos::Left)?;
        let style = font(SMALL_SIZE, false);
        let w = area
            .estimate_text_size(text, &style)
            .map_or(60, |(w, _)| w as i32);
        x += 18 + w + 22;
    }
    Ok(())
}

/// Vertical grid lines with their values, for a horizontal bar scale.
pub(crate) fn scale<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (left, right): (i32, i32),
    (top, bottom): (i32, i32),
    max: u64,
) -> DrawResult<DB> {
    let step = nice_step(max);
    let mut v = 0;
    while v <= max {
        let x = left + ((right - left) as f64 * v as f64 / max.max(1) as f64) as i32;
        area.draw(&PathElement::new(vec![(x, top), (x, bottom)], GRID))?;
        label(
            area,
            &v.to_string(),
            (x, bottom + 10),
            SMALL_SIZE,
            HPos::Center,
        )?;
        v += step;
    }
    Ok(())
}

/// A round step giving about five grid lines up to `max`.
fn nice_step(max: u64) -> u64 {
    let raw = (max as f64 / 5.0).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * magnitude);
    step as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(4), 1);
        assert_eq!(nice_step(16), 5);
        assert_eq!(nice_step(100), 20);
        assert_eq!(nice_step(1_000_000), 200_000);
    }

    #[test]
    fn labels_are_fitted_with_a_few_short_measurements_whatever_their_length() {
        use std::cell::Cell;
        // Ten pixels a character.
        let (calls, measured) = (Cell::new(0), Cell::new(0));
        let width = |s: &str| {
            calls.set(calls.get() + 1);
            measured.set(measured.get() + s.chars().count());
            10 * s.chars().count() as u32
        };
        let long = "x".repeat(100_000);
        assert_eq!(fit_by(&long, 100, width), format!("{}…", "x".repeat(9)));
        assert!(calls.get() <= 10, "{} measurements", calls.get());
        assert!(measured.get() <= 10 * (MAX_LABEL_CHARS + 1));
        assert_eq!(fit_by("Ada", 100, width), "Ada");
        assert_eq!(fit_by("Ada Lovelace", 100, width), "Ada Lovel…");
        assert_eq!(fit_by("a\u{7}b", 100, width), "a\\u{7}b");
    }

    #[test]
    fn hex_colours() {
        assert_eq!(hex("#D55E00"), RGBColor(0xD5, 0x5E, 0x00));
    }

    #[test]
    fn system_fonts_are_read_only_for_characters_dejavu_lacks() {
        let shipped = fonts_for("<svg><text>Tomás Müller, Chloé</text></svg>");
        assert!(Arc::ptr_eq(&shipped, &shipped_fonts()));
        assert_eq!(shipped.len(), 2);
        // A Chinese name: the system's fonts join the shipped ones (which stay first).
        let wider = fonts_for("<svg><text>王小明</text></svg>");
        assert!(Arc::ptr_eq(&wider, &fonts_with_system()));
        let first: Vec<_> = wider
            .faces()
            .take(2)
            .map(|f| f.families[0].0.clone())
            .collect();
        assert_eq!(first, ["DejaVu Sans", "DejaVu Sans"]);
    }

    #[test]
    fn the_png_is_the_svg_drawn() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><rect x="0" y="0" width="2" height="2" fill="#D55E00"/></svg>"##;
        let png = rasterise(svg, (4, 2)).unwrap();
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        let pixel = |x, y| {
            let p = pixmap.pixel(x, y).unwrap();
            [p.red(), p.green(), p.blue()]
        };
        assert_eq!(pixel(0, 0), [0xD5, 0x5E, 0x00]);
        assert_eq!(pixel(3, 1), [0xFF, 0xFF, 0xFF]);
        assert_eq!(
            rasterise(svg, (4, 2)).unwrap(),
            png,
            "the same bytes each time"
        );
    }
}

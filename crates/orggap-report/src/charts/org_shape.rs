//! `org-shape`: the organisation's layers (people per layer) beside its spans of control
//! (managers by number of direct reports, narrow and wide spans marked).

use orggap_analysis::OrgShape;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{Draw, DrawResult, LABEL_SIZE, ROW, SMALL_SIZE, TOP, WIDTH, hex, label, legend, title};
use crate::number::thousands;
use crate::palette::{AT_RISK, GAP, PERSON};

/// Layers drawn one by one; deeper ones are counted in the last row.
const MAX_LAYERS: usize = 24;
/// Spans drawn one by one; wider ones are gathered in the last bar.
const MAX_SPAN_BARS: usize = 20;
/// Height of the span histogram's plot area.
const HISTOGRAM: i32 = 220;
/// Where the layers panel's bars start, and where the spans panel begins.
const LAYER_LEFT: i32 = 90;
const LAYER_RIGHT: i32 = 440;
const SPAN_LEFT: i32 = 530;
const SPAN_RIGHT: i32 = WIDTH as i32 - 30;

/// What the chart shows, taken from an [`OrgShape`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgChartInputs {
    people: usize,
    managers: usize,
    layer_sizes: Vec<usize>,
    /// Managers by span: entry `s - 1` counts managers with `s` reports, the last entry
    /// every wider span.
    spans: Vec<usize>,
    median: u32,
    widest: u32,
    max_span: u32,
}

impl OrgChartInputs {
    /// The chart's data for `shape`, with `max_span` the widest span that is not wide.
    pub fn new(shape: &OrgShape, max_span: u32) -> OrgChartInputs {
        let bars = (shape.span_max.max(max_span + 1) as usize).clamp(1, MAX_SPAN_BARS);
        let mut spans = vec![0usize; bars];
        for &(_, reports) in &shape.spans {
            spans[(reports as usize).clamp(1, bars) - 1] += 1;
        }
        OrgChartInputs {
            people: shape.people,
            managers: shape.managers,
            layer_sizes: shape.layer_sizes.clone(),
            spans,
            median: shape.span_median,
            widest: shape.span_max,
            max_span,
        }
    }

    fn layer_rows(&self) -> usize {
        self.layer_sizes.len().min(MAX_LAYERS + 1)
    }
}

pub(crate) struct OrgShapeChart<'a>(pub &'a OrgChartInputs);

impl Draw for OrgShapeChart<'_> {
    fn name(&self) -> &'static str {
        "org-shape"
    }

    fn title(&self) -> String {
        "Layers and spans of control".into()
    }

    fn height(&self) -> u32 {
        let layers = self.0.layer_rows() as i32 * (ROW + 6);
        (TOP + 40 + layers.max(HISTOGRAM + 30) + 30) as u32
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let c = self.0;
        let subtitle = format!(
            "{} people, {} managers, {} layers; span of control median {}, widest {}",
            thousands(c.people),
            thousands(c.managers),
            c.layer_sizes.len(),
            c.median,
            c.widest
        );
        title(area, &self.title(), &subtitle)?;
        let top = TOP + 10;
        self.layers(area, top)?;
        self.spans(area, top)
    }
}

impl OrgShapeChart<'_> {
    /// People per layer: a bar per layer from the top, deeper layers gathered at the end.
    fn layers<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        top: i32,
    ) -> DrawResult<DB> {
        let c = self.0;
        label(area, "People per layer", (16, top), LABEL_SIZE, HPos::Left)?;
        let mut rows: Vec<(String, usize)> = c
            .layer_sizes
            .iter()
            .take(MAX_LAYERS)
            .enumerate()
            .map(|(i, &n)| (format!("Layer {}", i + 1), n))
            .collect();
        if c.layer_sizes.len() > MAX_LAYERS {
            let deeper: usize = c.layer_sizes[MAX_LAYERS..].iter().sum();
            let more = c.layer_sizes.len() - MAX_LAYERS;
            rows.push((format!("+{more} more"), deeper));
        }
        let most = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
        let color = hex(PERSON);
        for (i, (name, n)) in rows.iter().enumerate() {
            let y = top + 20 + i as i32 * (ROW + 6);
            label(
                area,
                name,
                (LAYER_LEFT - 8, y + ROW / 2),
                LABEL_SIZE,
                HPos::Right,
            )?;
            let w = (((LAYER_RIGHT - LAYER_LEFT) as f64 * *n as f64 / most as f64).round() as i32)
                .max(1);
            area.draw(&Rectangle::new(
                [(LAYER_LEFT, y), (LAYER_LEFT + w, y + ROW)],
                color.filled(),
            ))?;
            label(
                area,
                &thousands(*n),
                (LAYER_LEFT + w + 6, y + ROW / 2),
                SMALL_SIZE,
                HPos::Left,
            )?;
        }
        Ok(())
    }

    /// Managers by span of control: a bar per span, narrow (one report) and wide (above
    /// the limit) in their own colours, the limit drawn as a dashed line.
    fn spans<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, top: i32) -> DrawResult<DB> {
        let c = self.0;
        label(
            area,
            "Managers by direct reports",
            (SPAN_LEFT - 40, top),
            LABEL_SIZE,
            HPos::Left,
        )?;
        let (narrow, normal, wide) = (hex(AT_RISK), hex(PERSON), hex(GAP));
        legend(
            area,
            (SPAN_LEFT - 40, top + 22),
            &[
                ("one report", narrow),
                ("up to the limit", normal),
                ("wide", wide),
            ],
        )?;
        // Room above the tallest bar for its count, below the legend.
        let (plot_top, bottom) = (top + 60, top + 44 + HISTOGRAM);
        let most = c.spans.iter().copied().max().unwrap_or(1).max(1);
        let bars = c.spans.len() as i32;
        let slot = (SPAN_RIGHT - SPAN_LEFT) / bars.max(1);
        area.draw(&PathElement::new(
            vec![(SPAN_LEFT, bottom), (SPAN_RIGHT, bottom)],
            BLACK,
        ))?;
        for (i, &n) in c.spans.iter().enumerate() {
            let span = i as u32 + 1;
            let x = SPAN_LEFT + i as i32 * slot;
            let h = ((bottom - plot_top) as f64 * n as f64 / most as f64).round() as i32;
            let color = match span {
                1 => narrow,
                s if s > c.max_span => wide,
                _ => normal,
            };
            if n > 0 {
                area.draw(&Rectangle::new(
                    [(x + 2, bottom - h.max(1)), (x + slot - 2, bottom)],
                    color.filled(),
                ))?;
                label(
                    area,
                    &thousands(n),
                    (x + slot / 2, bottom - h - 10),
                    SMALL_SIZE,
                    HPos::Center,
                )?;
            }
            let last = i + 1 == c.spans.len() && c.widest as usize > c.spans.len();
            let tick = if last {
                format!("{span}+")
            } else {
                span.to_string()
            };
            label(
                area,
                &tick,
                (x + slot / 2, bottom + 12),
                SMALL_SIZE,
                HPos::Center,
            )?;
        }
        if (c.max_span as usize) < c.spans.len() {
            // The limit sits between its own bar and the first wide one.
            let x = SPAN_LEFT + c.max_span as i32 * slot;
            area.draw(&PathElement::new(
                vec![(x, plot_top), (x, bottom)],
                ShapeStyle::from(&wide).stroke_width(2),
            ))?;
            // Written on the side with more room.
            let (at, side) = match x > (SPAN_LEFT + SPAN_RIGHT) / 2 {
                true => (x - 4, HPos::Right),
                false => (x + 4, HPos::Left),
            };
            label(
                area,
                &format!("wide above {}", c.max_span),
                (at, plot_top),
                SMALL_SIZE,
                side,
            )?;
        }
        label(
            area,
            "direct reports",
            ((SPAN_LEFT + SPAN_RIGHT) / 2, bottom + 30),
            SMALL_SIZE,
            HPos::Center,
        )
    }
}

/// The organisation chart of the report.
pub fn render_org_chart(inputs: &OrgChartInputs) -> Result<super::Chart, super::ChartError> {
    super::render(&OrgShapeChart(inputs))
}

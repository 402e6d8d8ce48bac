//! The page's stylesheet and its one small script, compiled into the binary (nothing is
//! fetched from elsewhere).

use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use orggap_report::palette;

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");

/// `GET /app.css`: the palette's colours, then the sheet.
pub(crate) async fn css() -> Response {
    let sheet = format!("{}{CSS}", palette_css());
    ([(CONTENT_TYPE, "text/css; charset=utf-8")], sheet).into_response()
}

/// `GET /app.js`.
pub(crate) async fn js() -> Response {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], JS).into_response()
}

/// The palette's colours as CSS variables, so that the page and the charts agree.
fn palette_css() -> String {
    format!(
        ":root {{ --covered: {}; --at-risk: {}; --gap: {}; --accepted: {}; }}\n",
        palette::COVERED,
        palette::AT_RISK,
        palette::GAP,
        palette::ACCEPTED
    )
}

//! The rules every request passes before it reaches the workspace: the right `Host` (no DNS
//! rebinding), the token (a bearer header or the cookie; compared in constant time), a
//! state-changing request only from the workspace's own page; and on every response, a
//! Content-Security-Policy that allows no inline script and nothing from another origin.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_SECURITY_POLICY, COOKIE, HOST, LOCATION, ORIGIN,
    REFERRER_POLICY, SET_COOKIE, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::App;

/// What every response allows: scripts, styles, images and forms from the workspace
/// itself only (styles may also sit in the charts' attributes); no frames, no plugins.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data:; connect-src 'self'; form-action 'self'; \
                   base-uri 'none'; frame-ancestors 'none'";

/// A new access token: 32 random bytes as hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    // Without the system's random source there is no safe token: refuse to go on.
    getrandom::fill(&mut bytes).expect("the system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a request against the rules, then answers it with the security headers added.
pub(crate) async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    let response = match check(&app, &request) {
        Verdict::Pass => next.run(request).await,
        Verdict::SetCookie(to) => {
            // The first visit, with ?token=: keep it in a cookie and drop it from the address.
            let cookie = format!(
                "{}={}; Path=/; HttpOnly; SameSite=Strict",
                app.cookie, app.token
            );
            let mut response = StatusCode::SEE_OTHER.into_response();
            let headers = response.headers_mut();
            headers.insert(LOCATION, header(&to));
            headers.insert(SET_COOKIE, header(&cookie));
            response
        }
        Verdict::Refuse(status, why) => (status, why).into_response(),
    };
    with_headers(response)
}

enum Verdict {
    Pass,
    SetCookie(String),
    Refuse(StatusCode, &'static str),
}

fn check(app: &App, request: &Request) -> Verdict {
    let headers = request.headers();
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    if !host.is_some_and(|h| app.host_allowed(&h)) {
        return Verdict::Refuse(
            StatusCode::FORBIDDEN,
            "forbidden: this workspace answers only at its own address\n",
        );
    }
    let changes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes && !same_origin(app, headers) {
        return Verdict::Refuse(
            StatusCode::FORBIDDEN,
            "forbidden: a change must come from the workspace's own page\n",
        );
    }
    if let Some(given) = query_token(request) {
        if !request_method_is_get(request) || !equal(&given, &app.token) {
            return Verdict::Refuse(StatusCode::UNAUTHORIZED, "unauthorized: wrong token\n");
        }
        return Verdict::SetCookie(request.uri().path().to_owned());
    }
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    let prefix = format!("{}=", app.cookie);
    let cookie = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|c| c.trim().strip_prefix(prefix.as_str()).map(str::to_owned))
        .next();
    let authorised = bearer.is_some_and(|t| equal(t, &app.token))
        || cookie.is_some_and(|t| equal(&t, &app.token));
    match authorised {
        true => Verdict::Pass,
        false => Verdict::Refuse(
            StatusCode::UNAUTHORIZED,
            "unauthorized: open the address orggap serve printed (it carries the token)\n",
        ),
    }
}

fn request_method_is_get(request: &Request) -> bool {
    matches!(*request.method(), Method::GET | Method::HEAD)
}

/// Whether a state-changing request comes from the workspace's own page: its `Origin`
/// (when the client sends one) is the workspace's, and the browser does not call it
/// cross-site.
fn same_origin(app: &App, headers: &HeaderMap) -> bool {
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|site| site == "cross-site" || site == "same-site");
    if cross_site {
        return false;
    }
    match headers.get(ORIGIN).map(|o| o.to_str()) {
        None => true,
        Some(Ok(origin)) => {
            let origin = origin.to_ascii_lowercase();
            origin
                .strip_prefix("http://")
                .is_some_and(|host| app.host_allowed(host))
        }
        Some(Err(_)) => false,
    }
}

/// The `token` query parameter, when the request has one.
fn query_token(request: &Request) -> Option<String> {
    request
        .uri()
        .query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token=").map(str::to_owned))
}

/// Two tokens compared in constant time (their lengths are no secret).
fn equal(given: &str, token: &str) -> bool {
    given.len() == token.len() && bool::from(given.as_bytes().ct_eq(token.as_bytes()))
}

fn header(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("/"))
}

/// The headers every response carries.
fn with_headers(mut response: Response<Body>) -> Response<Body> {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // `same-origin`, not `no-referrer`: with the latter a browser sends `Origin: null` on
    // the page's own form posts, which the origin rule must refuse.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

//! An organisation's policy on top of the catalogue: duties whose gap is accepted on purpose,
//! and `min_owners` overrides per responsibility or per role.
//!
//! ```toml
//! accept = [{ id = "cmo.demand-analysis", reason = "agency contract" }]
//!
//! [min_owners]
//! "cpo.budget" = 1   # one responsibility
//! cmo = 1            # every responsibility of a role without its own override
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::limits::Lines;
use crate::{Catalogue, CatalogueError, CatalogueProblem, RespIdx, check_toml_size};

/// A validated policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// Accepted duties with the reason given, in catalogue order.
    pub accepted: Vec<(RespIdx, String)>,
    /// The `min_owners` each responsibility gets, where the policy changes it.
    pub min_owners: Vec<(RespIdx, u32)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyIn {
    #[serde(default)]
    accept: Vec<AcceptIn>,
    #[serde(default)]
    min_owners: BTreeMap<Spanned<String>, Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptIn {
    id: Spanned<String>,
    reason: String,
}

impl Policy {
    /// Parses a policy for `catalogue`; problems are reported like catalogue problems.
    pub fn from_toml(
        text: &str,
        origin: &str,
        catalogue: &Catalogue,
    ) -> Result<Policy, CatalogueError> {
        check_toml_size(text, origin, "policy")?;
        let lines = Lines::new(text);
        let line_of = |offset: usize| lines.line(offset);
        let file: PolicyIn = toml::from_str(text).map_err(|e| CatalogueError {
            origin: origin.to_owned(),
            problems: vec![CatalogueProblem {
                line: e.span().map(|s| line_of(s.start)),
                entry: String::new(),
                message: format!("not a valid policy: {}", e.message().trim_end()),
            }],
        })?;
        let mut problems = Vec::new();
        let mut problem = |span: std::ops::Range<usize>, entry: String, message: String| {
            problems.push(CatalogueProblem {
                line: Some(line_of(span.start)),
                entry,
                message,
            });
        };
        let mut policy = Policy::default();
        // The line each accepted duty was first accepted on.
        let mut accepted_on: BTreeMap<RespIdx, usize> = BTreeMap::new();
        for a in file.accept {
            let entry = format!("accept '{}'", a.id.get_ref());
            let line = line_of(a.id.span().start);
            match catalogue.find_responsibility(a.id.get_ref()) {
                None => problem(
                    a.id.span(),
                    entry,
                    "is not a responsibility of the catalogue".into(),
                ),
                Some(r) if accepted_on.contains_key(&r) => problem(
                    a.id.span(),
                    entry,
                    format!("is accepted twice (first on line {})", accepted_on[&r]),
                ),
                Some(_) if a.reason.trim().is_empty() => {
                    problem(a.id.span(), entry, "needs a reason".into())
                }
                Some(r) => {
                    accepted_on.insert(r, line);
                    policy.accepted.push((r, a.reason.trim().to_owned()));
                }
            }
        }
        let mut by_role = Vec::new();
        let mut by_duty = Vec::new();
        for (key, value) in &file.min_owners {
            let entry = format!("min_owners '{}'", key.get_ref());
            let n = match u32::try_from(*value.get_ref()) {
                Ok(n) if n >= 1 => n,
                Err(_) if *value.get_ref() > 0 => {
                    problem(
                        value.span(),
                        entry,
                        format!("{} is too large; at most {}", value.get_ref(), u32::MAX),
                    );
                    continue;
                }
                _ => {
                    problem(
                        value.span(),
                        entry,
                        format!("{} is not a whole number of at least 1", value.get_ref()),
                    );
                    continue;
                }
            };
            if let Some(r) = catalogue.find_responsibility(key.get_ref()) {
                by_duty.push((r, n));
            } else if let Some(role) = catalogue.find_role(key.get_ref()) {
                by_role.push((role, n));
            } else {
                problem(
                    key.span(),
                    entry,
                    "is neither a responsibility nor a role of the catalogue".into(),
                );
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(CatalogueError {
                origin: origin.to_owned(),
                problems,
            });
        }
        for r in catalogue.responsibility_indices() {
            let role = catalogue.responsibility(r).role;
            let own = by_duty.iter().find(|(d, _)| *d == r).map(|&(_, n)| n);
            let inherited = by_role.iter().find(|(o, _)| *o == role).map(|&(_, n)| n);
            if let Some(n) = own.or(inherited) {
                policy.min_owners.push((r, n));
            }
        }
        policy.accepted.sort_by_key(|(r, _)| *r);
        Ok(policy)
    }

    /// The catalogue with this policy's `min_owners` applied.
    pub fn apply(&self, catalogue: &Catalogue) -> Catalogue {
        let mut changed = catalogue.clone();
        for &(r, n) in &self.min_owners {
            changed.set_min_owners(r, n);
        }
        changed
    }

    /// Why `r` is accepted, if it is.
    pub fn accepted_reason(&self, r: RespIdx) -> Option<&str> {
        self.accepted
            .iter()
            .find(|(a, _)| *a == r)
            .map(|(_, why)| why.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        let cat = Catalogue::builtin();
        let got = match Policy::from_toml(text, "p.toml", &cat) {
            Ok(p) => {
                let accepted: Vec<String> = p
                    .accepted
                    .iter()
                    .map(|(r, why)| format!("{}={why}", cat.responsibility(*r).id))
                    .collect();
                let changed = p.apply(&cat);
                let min: Vec<String> = p
                    .min_owners
                    .iter()
                    .map(|(r, _)| {
                        format!(
                            "{}={}",
                            cat.responsibility(*r).id,
                            changed.responsibility(*r).min_owners
                        )
                    })
                    .collect();
                format!("accepted {accepted:?} min {min:?}")
            }
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expected);
    }

    #[test]
    fn accepts_and_overrides_with_duties_before_roles() {
        check(
            "accept = [{ id = \"cmo.launches\", reason = \"agency\" }]\n[min_owners]\n\"cmo.launches\" = 3\ncmo = 1\n",
            "accepted [\"cmo.launches=agency\"] min [\"cmo.marketing-ownership=1\", \"cmo.product-portfolio=1\", \"cmo.demand-leadership=1\", \"cmo.launches=3\", \"cmo.demand-analysis=1\", \"cmo.demand-optimisation=1\", \"cmo.marketing-strategy=1\"]",
        );
    }

    #[test]
    fn every_problem_is_named() {
        check(
            "accept = [{ id = \"cmo.nothing\", reason = \"x\" }, { id = \"cmo.launches\", reason = \" \" }]\n[min_owners]\ncfo = 1\n\"cpo.budget\" = 0\n",
            "p.toml: line 1: accept 'cmo.nothing': is not a responsibility of the catalogue\n\
             p.toml: line 1: accept 'cmo.launches': needs a reason\n\
             p.toml: line 3: min_owners 'cfo': is neither a responsibility nor a role of the catalogue\n\
             p.toml: line 4: min_owners 'cpo.budget': 0 is not a whole number of at least 1",
        );
        check(
            "accept = [{ id = \"cmo.launches\", reason = \"a\" },\n  { id = \"cmo.launches\", reason = \"b\" }]\n[min_owners]\ncmo = 4294967296\n",
            "p.toml: line 2: accept 'cmo.launches': is accepted twice (first on line 1)\n\
             p.toml: line 4: min_owners 'cmo': 4294967296 is too large; at most 4294967295",
        );
        check(
            "acept = []\n",
            "p.toml: line 1: not a valid policy: unknown field `acept`, expected `accept` or `min_owners`",
        );
    }
}

//! Writing a catalogue back out, as the TOML format it was read from or as serde data.

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::SerializeMap;

use super::Catalogue;

/// A catalogue in its file form: ids instead of indices, ready to serialise.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogueFile {
    /// The catalogue's own scale; `None` for the built-in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<RawScale>,
    /// Skills in catalogue order.
    pub skills: Vec<RawSkill>,
    /// Roles in catalogue order.
    pub roles: Vec<RawRole>,
    /// Responsibilities in catalogue order.
    pub responsibilities: Vec<RawResponsibility>,
}

/// A scale as written in the catalogue file.
#[derive(Debug, Clone, Serialize)]
pub struct RawScale {
    /// The names of the levels 0..=N.
    pub levels: Vec<String>,
    /// More words, with their levels.
    #[serde(serialize_with = "ordered_map")]
    pub aliases: Vec<(String, u8)>,
}

/// A skill as written in the catalogue file.
#[derive(Debug, Clone, Serialize)]
pub struct RawSkill {
    /// Skill id.
    pub id: String,
    /// Skill name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
}

/// A role as written in the catalogue file.
#[derive(Debug, Clone, Serialize)]
pub struct RawRole {
    /// Role id.
    pub id: String,
    /// Role name.
    pub name: String,
}

/// A responsibility as written in the catalogue file.
#[derive(Debug, Clone, Serialize)]
pub struct RawResponsibility {
    /// Responsibility id.
    pub id: String,
    /// Role id.
    pub role: String,
    /// Title.
    pub title: String,
    /// Required skill ids with their minimum levels, in catalogue order.
    #[serde(serialize_with = "ordered_map")]
    pub requires: Vec<(String, u8)>,
    /// Qualified people needed to count as covered.
    pub min_owners: u32,
    /// Where the duty comes from.
    pub source: Option<String>,
    /// Ids of overlapping responsibilities, as declared on this entry.
    pub overlaps: Vec<String>,
}

fn ordered_map<S: serde::Serializer>(pairs: &[(String, u8)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// A TOML string literal, escaped by the toml crate.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn quoted_list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", inner.join(", "))
}

impl Catalogue {
    /// The catalogue in file form.
    pub fn to_file(&self) -> CatalogueFile {
        let scale = &self.scale;
        CatalogueFile {
            scale: (!scale.is_builtin()).then(|| RawScale {
                levels: scale.names().to_vec(),
                aliases: scale
                    .aliases()
                    .iter()
                    .map(|(w, l)| (w.clone(), l.get()))
                    .collect(),
            }),
            skills: self
                .skills
                .iter()
                .map(|s| RawSkill {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    aliases: s.aliases.clone(),
                })
                .collect(),
            roles: self
                .roles
                .iter()
                .map(|r| RawRole {
                    id: r.id.clone(),
                    name: r.name.clone(),
                })
                .collect(),
            responsibilities: self
                .responsibilities
                .iter()
                .map(|r| RawResponsibility {
                    id: r.id.clone(),
                    role: self.role(r.role).id.clone(),
                    title: r.title.clone(),
                    requires: r
                        .requires
                        .iter()
                        .map(|q| (self.skill(q.skill).id.clone(), q.level.get()))
                        .collect(),
                    min_owners: r.min_owners,
                    source: r.source.clone(),
                    overlaps: r
                        .overlaps
                        .iter()
                        .map(|&o| self.responsibility(o).id.clone())
                        .collect(),
                })
                .collect(),
        }
    }

    /// The catalogue as TOML text in the layout of `data/catalogue.toml`; it loads back with
    /// [`Catalogue::from_toml`] to an equal catalogue.
    pub fn to_toml(&self) -> String {
        let file = self.to_file();
        let mut out = String::new();
        // Writing to a String cannot fail.
        if let Some(scale) = &file.scale {
            let _ = writeln!(out, "[scale]\nlevels = {}", quoted_list(&scale.levels));
            if !scale.aliases.is_empty() {
                let words: Vec<String> = scale
                    .aliases
                    .iter()
                    .map(|(w, l)| format!("{} = {l}", quoted(w)))
                    .collect();
                let _ = writeln!(out, "aliases = {{ {} }}", words.join(", "));
            }
            out.push('\n');
        }
        for s in &file.skills {
            let _ = writeln!(
                out,
                "[[skills]]\nid = {}\nname = {}",
                quoted(&s.id),
                quoted(&s.name)
            );
            if !s.aliases.is_empty() {
                let _ = writeln!(out, "aliases = {}", quoted_list(&s.aliases));
            }
            out.push('\n');
        }
        for r in &file.roles {
            let _ = writeln!(
                out,
                "[[roles]]\nid = {}\nname = {}\n",
                quoted(&r.id),
                quoted(&r.name)
            );
        }
        for r in &file.responsibilities {
            let _ = writeln!(
                out,
                "[[responsibilities]]\nid = {}\nrole = {}\ntitle = {}",
                quoted(&r.id),
                quoted(&r.role),
                quoted(&r.title)
            );
            let requires: Vec<String> = r
                .requires
                .iter()
                .map(|(k, v)| format!("{k} = {v}"))
                .collect();
            let _ = writeln!(out, "requires = {{ {} }}", requires.join(", "));
            let _ = writeln!(out, "min_owners = {}", r.min_owners);
            if let Some(source) = &r.source {
                let _ = writeln!(out, "source = {}", quoted(source));
            }
            if !r.overlaps.is_empty() {
                let _ = writeln!(out, "overlaps = {}", quoted_list(&r.overlaps));
            }
            out.push('\n');
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_round_trips() {
        let cat = Catalogue::builtin();
        let text = cat.to_toml();
        let back = Catalogue::from_toml(&text, "written").unwrap();
        assert_eq!(back.skills(), cat.skills());
        assert_eq!(back.roles(), cat.roles());
        assert_eq!(back.responsibilities(), cat.responsibilities());
        assert_eq!(back.overlaps(), cat.overlaps());
        assert_eq!(back.to_toml(), text, "writing is stable");
    }

    #[test]
    fn strings_with_quotes_are_escaped() {
        let text = "[[skills]]\nid = \"a\"\nname = 'say \"hi\" \\ there'\n\
                    [[roles]]\nid = \"r\"\nname = \"R\"\n\
                    [[responsibilities]]\nid = \"r.x\"\nrole = \"r\"\ntitle = \"X\"\n";
        let cat = Catalogue::from_toml(text, "t").unwrap();
        let back = Catalogue::from_toml(&cat.to_toml(), "t").unwrap();
        assert_eq!(back.skills()[0].name, "say \"hi\" \\ there");
    }
}

//! The catalogue: skills, roles and the responsibilities of each role.

mod load;
mod write;

use hashbrown::HashMap;

pub use load::{CatalogueError, CatalogueProblem};
pub use write::{CatalogueFile, RawResponsibility, RawRole, RawSkill};

use crate::{Level, RespIdx, RoleIdx, Scale, SkillIdx, normalize_key};

/// The built-in catalogue's TOML text, `data/catalogue.toml`, compiled into the binary.
pub const BUILTIN_TOML: &str = include_str!("../../../data/catalogue.toml");

/// The name under which the built-in catalogue is reported in errors.
pub const BUILTIN_ORIGIN: &str = "built-in catalogue";

/// A capability a person can have at some [`Level`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skill {
    /// Kebab-case id, e.g. `market-research`.
    pub id: String,
    /// Human name, e.g. `Market research`.
    pub name: String,
    /// Other names a roster column may use for this skill.
    pub aliases: Vec<String>,
}

/// A role whose duties the catalogue lists, e.g. the Chief Product Officer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// Short id, e.g. `cpo`.
    pub id: String,
    /// Human name, e.g. `Chief Product Officer`.
    pub name: String,
}

/// One skill a responsibility requires, at a minimum level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// The skill required.
    pub skill: SkillIdx,
    /// The lowest level that qualifies.
    pub level: Level,
}

/// A duty of one role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Responsibility {
    /// Dotted id, e.g. `cpo.product-strategy`.
    pub id: String,
    /// The role this duty belongs to.
    pub role: RoleIdx,
    /// Short description in the imperative, e.g. `Set the product strategy`.
    pub title: String,
    /// The skills it requires, in the order the catalogue lists them.
    pub requires: Vec<Requirement>,
    /// How many qualified people it needs to count as covered.
    pub min_owners: u32,
    /// Where the duty comes from (the built-in catalogue: ROLES.md duty ids such as `C10`).
    pub source: Option<String>,
    /// Responsibilities of other roles that cover the same duty, as declared on this entry.
    pub overlaps: Vec<RespIdx>,
}

impl Responsibility {
    /// The duty ids named by `source`, split on commas and spaces (`"C2, C6"` → `C2`, `C6`).
    pub fn source_ids(&self) -> impl Iterator<Item = &str> {
        self.source
            .as_deref()
            .unwrap_or("")
            .split([',', ' ', ';'])
            .filter(|s| !s.is_empty())
    }
}

/// A validated catalogue: every index it holds points into its own vectors.
#[derive(Clone, Debug)]
pub struct Catalogue {
    skills: Vec<Skill>,
    roles: Vec<Role>,
    responsibilities: Vec<Responsibility>,
    /// Unordered overlap pairs, each once, `(a, b)` with `a < b`, sorted.
    overlaps: Vec<(RespIdx, RespIdx)>,
    /// Normalised skill ids, names and aliases.
    skill_keys: HashMap<String, SkillIdx>,
    responsibility_ids: HashMap<String, RespIdx>,
    /// For each role, its responsibilities in catalogue order.
    role_responsibilities: Vec<Vec<RespIdx>>,
    /// The scale levels are on.
    scale: Scale,
}

impl Catalogue {
    /// The built-in CPO / CMO / PM catalogue.
    pub fn builtin() -> Catalogue {
        Catalogue::from_toml(BUILTIN_TOML, BUILTIN_ORIGIN)
            .expect("the built-in catalogue is valid (tested)")
    }

    /// The scale the catalogue's minimums and a roster's levels are on.
    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    /// Adds `word` for `level` to the scale, for one run (`--level-word WORD=N`).
    pub fn add_level_word(&mut self, word: &str, level: Level) -> Result<(), String> {
        self.scale.add_word(word, level)
    }

    /// All skills, in catalogue order.
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// All roles, in catalogue order.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// All responsibilities, in catalogue order.
    pub fn responsibilities(&self) -> &[Responsibility] {
        &self.responsibilities
    }

    /// The skill at `idx`.
    pub fn skill(&self, idx: SkillIdx) -> &Skill {
        &self.skills[idx.index()]
    }

    /// The role at `idx`.
    pub fn role(&self, idx: RoleIdx) -> &Role {
        &self.roles[idx.index()]
    }

    /// The responsibility at `idx`.
    pub fn responsibility(&self, idx: RespIdx) -> &Responsibility {
        &self.responsibilities[idx.index()]
    }

    /// Duty `idx` as a reader knows it: its role's id in capitals and its title
    /// (`CPO · Set the product strategy`), as a title can repeat between roles.
    pub fn duty_label(&self, idx: RespIdx) -> String {
        let duty = self.responsibility(idx);
        format!(
            "{} · {}",
            self.role(duty.role).id.to_uppercase(),
            duty.title
        )
    }

    /// Indices of all responsibilities, in catalogue order.
    pub fn responsibility_indices(&self) -> impl Iterator<Item = RespIdx> + '_ {
        (0..self.responsibilities.len()).map(RespIdx::from_usize)
    }

    /// The responsibilities of `role`, in catalogue order.
    pub fn responsibilities_of(&self, role: RoleIdx) -> &[RespIdx] {
        &self.role_responsibilities[role.index()]
    }

    /// Every overlap pair once, `(a, b)` with `a` before `b` in catalogue order, sorted.
    pub fn overlaps(&self) -> &[(RespIdx, RespIdx)] {
        &self.overlaps
    }

    /// Changes how many qualified people `r` needs (at least 1; a policy's override).
    pub fn set_min_owners(&mut self, r: RespIdx, min_owners: u32) {
        self.responsibilities[r.index()].min_owners = min_owners.max(1);
    }

    /// Replaces what `r` requires (a scenario's what-if on the catalogue).
    pub fn set_requires(&mut self, r: RespIdx, requires: Vec<Requirement>) {
        self.responsibilities[r.index()].requires = requires;
    }

    /// The skill whose id, name or alias matches `text`, ignoring case, surrounding spaces
    /// and the difference between space, `_` and `-`.
    pub fn find_skill(&self, text: &str) -> Option<SkillIdx> {
        self.skill_keys.get(&normalize_key(text)).copied()
    }

    /// The responsibility with exactly this id (ids are case-sensitive, surrounding spaces
    /// ignored).
    pub fn find_responsibility(&self, id: &str) -> Option<RespIdx> {
        self.responsibility_ids.get(id.trim()).copied()
    }

    /// The role with exactly this id.
    pub fn find_role(&self, id: &str) -> Option<RoleIdx> {
        self.roles
            .iter()
            .position(|r| r.id == id.trim())
            .map(RoleIdx::from_usize)
    }

    /// The normalised keys (ids, names, aliases) a roster column may use, with their skill,
    /// sorted by key: for suggestions when a column matches nothing.
    pub fn skill_keys(&self) -> Vec<(&str, SkillIdx)> {
        let mut keys: Vec<_> = self
            .skill_keys
            .iter()
            .map(|(k, &s)| (k.as_str(), s))
            .collect();
        keys.sort_unstable();
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_indexes_roles() {
        let cat = Catalogue::builtin();
        let cpo = cat.find_role("cpo").unwrap();
        assert!(
            cat.responsibilities_of(cpo)
                .iter()
                .all(|&r| cat.responsibility(r).role == cpo)
        );
        let total: usize = (0..cat.roles().len())
            .map(|r| cat.responsibilities_of(RoleIdx::from_usize(r)).len())
            .sum();
        assert_eq!(total, cat.responsibilities().len());
    }

    #[test]
    fn skills_are_found_by_id_name_and_alias() {
        let cat = Catalogue::builtin();
        let research = cat.find_skill("market-research").unwrap();
        assert_eq!(cat.find_skill("Market Research"), Some(research));
        assert_eq!(cat.find_skill(" market_research "), Some(research));
        assert_eq!(cat.find_skill("MARKET ANALYSIS"), Some(research));
        assert_eq!(cat.find_skill("juggling"), None);
    }

    #[test]
    fn source_ids_split_on_commas_and_spaces() {
        let cat = Catalogue::builtin();
        let r = cat.find_responsibility("cpo.product-strategy").unwrap();
        let ids: Vec<_> = cat.responsibility(r).source_ids().collect();
        assert_eq!(ids, ["C10"]);
    }
}

/// The built-in catalogue against ROLES.md: every duty line and overlap is covered.
#[cfg(test)]
mod builtin_tests {
    use super::*;

    /// Every duty id of ROLES.md.
    fn duty_ids() -> Vec<String> {
        let mut ids = Vec::new();
        ids.extend((1..=16).map(|i| format!("C{i}")));
        ids.extend((1..=9).map(|i| format!("P{i}")));
        ids.extend((1..=6).map(|i| format!("M{i}")));
        ids
    }

    /// The boundary conflicts ROLES.md lists, as pairs of duty ids.
    const OVERLAP_DUTIES: [(&str, &str); 9] = [
        ("C2", "M1"),
        ("C2", "M6"),
        ("C6", "M1"),
        ("C6", "M6"),
        ("C14", "M1"),
        ("C3", "M3"),
        ("C5", "P8"),
        ("C12", "P2"),
        ("C12", "P3"),
    ];

    /// Every skill line of ROLES.md, as the phrase a roster column would use.
    const SKILL_PHRASES: [&str; 30] = [
        "marketing knowledge",
        "business knowledge",
        "product knowledge",
        "customer needs",
        "leadership",
        "delegation",
        "budget control",
        "deadline management",
        "time management",
        "communication",
        "organisation",
        "product development",
        "market requirements",
        "product strategy",
        "building prototypes",
        "understanding customer needs",
        "market research",
        "prioritising",
        "delegating",
        "communicating",
        "record keeping",
        "problem solving",
        "cross functional teams",
        "working under pressure",
        "multitasking",
        "marketing plans",
        "marketing strategy",
        "marketing campaigns",
        "product portfolio",
        "fast pace",
    ];

    fn covering(cat: &Catalogue, duty: &str) -> Vec<RespIdx> {
        cat.responsibility_indices()
            .filter(|&r| cat.responsibility(r).source_ids().any(|s| s == duty))
            .collect()
    }

    #[test]
    fn every_duty_line_is_covered() {
        let cat = Catalogue::builtin();
        let missing: Vec<String> = duty_ids()
            .into_iter()
            .filter(|d| covering(&cat, d).is_empty())
            .collect();
        assert!(
            missing.is_empty(),
            "duties without a responsibility: {missing:?}"
        );
    }

    #[test]
    fn every_responsibility_names_a_known_duty_of_its_own_role() {
        let cat = Catalogue::builtin();
        let ids = duty_ids();
        for r in cat.responsibilities() {
            let prefix = match cat.role(r.role).id.as_str() {
                "cpo" => "C",
                "cmo" => "M",
                _ => "P",
            };
            let sources: Vec<&str> = r.source_ids().collect();
            assert!(!sources.is_empty(), "{} has no source", r.id);
            for s in sources {
                assert!(ids.iter().any(|d| d == s), "{}: unknown duty {s}", r.id);
                assert!(s.starts_with(prefix), "{}: duty {s} of another role", r.id);
            }
        }
    }

    #[test]
    fn every_overlap_of_roles_md_is_declared() {
        let cat = Catalogue::builtin();
        for (left, right) in OVERLAP_DUTIES {
            let found = cat.overlaps().iter().any(|&(a, b)| {
                let (ca, cb) = (covering(&cat, left), covering(&cat, right));
                (ca.contains(&a) && cb.contains(&b)) || (ca.contains(&b) && cb.contains(&a))
            });
            assert!(found, "no overlap between {left} and {right}");
        }
    }

    #[test]
    fn every_skill_line_has_a_skill_and_every_skill_is_used() {
        let cat = Catalogue::builtin();
        for phrase in SKILL_PHRASES {
            assert!(cat.find_skill(phrase).is_some(), "no skill for {phrase:?}");
        }
        for (i, skill) in cat.skills().iter().enumerate() {
            let used = cat
                .responsibilities()
                .iter()
                .any(|r| r.requires.iter().any(|q| q.skill.index() == i));
            assert!(used, "skill {} is required by no responsibility", skill.id);
        }
    }

    #[test]
    fn executive_duties_ask_more_than_product_manager_duties() {
        let cat = Catalogue::builtin();
        let top = |role: &str| -> u8 {
            let role = cat.find_role(role).unwrap();
            cat.responsibilities_of(role)
                .iter()
                .flat_map(|&r| cat.responsibility(r).requires.iter().map(|q| q.level.get()))
                .max()
                .unwrap()
        };
        assert!(top("cpo") > top("pm"));
        assert!(top("cmo") > top("pm"));
    }
}

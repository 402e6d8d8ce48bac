//! Synthetic rosters for demos and benchmarks: believable, unique names, teams with their
//! own strengths, skewed levels (most people low, few experts), some `owns` and capacities;
//! optionally written as untidily as real exports are. Also synthetic catalogues of any
//! size, for benchmarks of whole job architectures. Deterministic for a seed (PCG, whose
//! output is fixed by its specification).

use std::io::{self, Write};

use orggap_model::Catalogue;
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

const FIRST: [&str; 48] = [
    "Ada", "Aisha", "Alan", "Amara", "Ana", "Ben", "Carlos", "Chen", "Chloé", "Dara", "Diego",
    "Elena", "Emeka", "Farah", "Grace", "Hana", "Ines", "Ivan", "Jonas", "Kai", "Kenji", "Lars",
    "Leila", "Liam", "Lina", "Mateo", "Maya", "Mei", "Nadia", "Noah", "Omar", "Priya", "Rafael",
    "Ravi", "Rosa", "Sami", "Sofia", "Tariq", "Tomás", "Uma", "Vera", "Wei", "Xavier", "Yara",
    "Yusuf", "Zara", "Zoë", "Jun",
];
const LAST: [&str; 48] = [
    "Abe", "Bello", "Berg", "Chen", "Costa", "Dubois", "Eze", "Fischer", "Garcia", "Haddad", "Ito",
    "Jensen", "Kapoor", "Kim", "Kowalski", "Larsen", "Lopez", "Martin", "Meyer", "Müller", "Nair",
    "Nguyen", "Novak", "Okafor", "Oliveira", "Park", "Petrova", "Quinn", "Rossi", "Ruiz", "Sato",
    "Schmidt", "Silva", "Singh", "Smith", "Tanaka", "Tran", "Ueda", "Vargas", "Wang", "Weber",
    "Williams", "Xu", "Yilmaz", "Young", "Zhang", "Zimmer", "Ahmed",
];
const TEAMS: [&str; 8] = [
    "Product",
    "Marketing",
    "Design",
    "Engineering",
    "Sales",
    "Operations",
    "Customer Success",
    "Finance",
];
const REGIONS: [&str; 5] = ["North", "South", "East", "West", "Central"];
const TITLES: [&str; 6] = [
    "Associate",
    "Specialist",
    "Manager",
    "Senior Manager",
    "Lead",
    "Director",
];

/// Cumulative per-mille chances of levels 0..=5: in a team's strengths, and elsewhere.
const STRONG: [u32; 6] = [200, 400, 650, 850, 960, 1000];
const WEAK: [u32; 6] = [600, 800, 920, 980, 998, 1000];

/// A number below `n` from the generator (Lemire's multiply-shift, bias negligible here).
fn below(rng: &mut Pcg64Mcg, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

fn level(rng: &mut Pcg64Mcg, strong: bool) -> u8 {
    let table = if strong { &STRONG } else { &WEAK };
    let roll = below(rng, 1000) as u32;
    table.iter().position(|&edge| roll < edge).unwrap_or(5) as u8
}

/// How a generated roster is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// Plain: LF, bare names, digits, `owns` in catalogue order.
    #[default]
    Tidy,
    /// As real exports come: a byte-order mark, CRLF, names as `"Last, First"` (some with
    /// quotes, some that look like formulas), level words and `N/A` beside digits, and
    /// about half the people declaring one to three duties in any order.
    Messy,
}

/// Writes a wide-form roster of `people` people for `catalogue` as CSV to `out`.
pub fn generate<W: Write + ?Sized>(
    catalogue: &Catalogue,
    people: usize,
    seed: u64,
    out: &mut W,
) -> io::Result<()> {
    generate_styled(catalogue, people, seed, Style::Tidy, out)
}

/// [`generate`], written in `style`.
pub fn generate_styled<W: Write + ?Sized>(
    catalogue: &Catalogue,
    people: usize,
    seed: u64,
    style: Style,
    out: &mut W,
) -> io::Result<()> {
    let messy = style == Style::Messy;
    let end: &[u8] = if messy { b"\r\n" } else { b"\n" };
    if messy {
        out.write_all(b"\xef\xbb\xbf")?;
    }
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let skills = catalogue.skills();
    let duties = catalogue.responsibilities();
    let teams = if people > 2_000 {
        TEAMS.len() * REGIONS.len()
    } else {
        TEAMS.len()
    };
    write!(out, "name,title,team,capacity,owns")?;
    for s in skills {
        write!(out, ",{}", s.id)?;
    }
    out.write_all(end)?;
    // Names: each (first, last) pair once, then numbered rounds; offset by the seed.
    let pairs = FIRST.len() * LAST.len();
    let offset = below(&mut rng, pairs);
    let mut line = Vec::with_capacity(64 + 2 * skills.len());
    for i in 0..people {
        line.clear();
        let k = (i + offset) % pairs;
        let round = i / pairs;
        let (first, last) = (FIRST[k % FIRST.len()], LAST[k / FIRST.len()]);
        if messy {
            // "Last, First", now and then with a nickname in quotes or a leading sign.
            let sign = ["", "", "", "", "", "", "", "", "=", "+"][below(&mut rng, 10)];
            write!(line, "\"{sign}{last}, {first}")?;
            if below(&mut rng, 8) == 0 {
                line.extend_from_slice(b" \"\"Jr\"\"");
            }
        } else {
            write!(line, "{first} {last}")?;
        }
        if round > 0 {
            write!(line, " {}", round + 1)?;
        }
        if messy {
            line.push(b'"');
        }
        let team = below(&mut rng, teams);
        let team_name = TEAMS[team % TEAMS.len()];
        let title = TITLES[below(&mut rng, TITLES.len())];
        write!(line, ",{team_name} {title},{team_name}")?;
        if teams > TEAMS.len() {
            write!(line, " {}", REGIONS[team / TEAMS.len()])?;
        }
        line.push(b',');
        if below(&mut rng, 5) == 0 {
            write!(line, "{}", 1 + below(&mut rng, 5))?;
        }
        line.push(b',');
        if messy && !duties.is_empty() && below(&mut rng, 2) == 0 {
            // One to three duties, in any order.
            for n in 0..1 + below(&mut rng, 3) {
                if n > 0 {
                    line.push(b';');
                }
                line.extend_from_slice(duties[below(&mut rng, duties.len())].id.as_bytes());
            }
        } else if !duties.is_empty() && below(&mut rng, 30) == 0 {
            line.extend_from_slice(duties[below(&mut rng, duties.len())].id.as_bytes());
        }
        for s in 0..skills.len() {
            let strong = (s + team).is_multiple_of(3);
            match (level(&mut rng, strong), messy && below(&mut rng, 20) == 0) {
                (0, false) => line.push(b','),
                (l, false) => line.extend_from_slice(&[b',', b'0' + l]),
                (l, true) => {
                    const WORDS: [&str; 6] = [
                        "N/A",
                        "Novice",
                        "advanced beginner",
                        "Competent",
                        "proficient",
                        "EXPERT",
                    ];
                    write!(line, ",{}", WORDS[usize::from(l)])?;
                }
            }
        }
        line.extend_from_slice(end);
        out.write_all(&line)?;
    }
    out.flush()
}

/// A synthetic catalogue in TOML: `skills` skills, `roles` roles and `duties` duties spread
/// over the roles, each duty asking for 2 to 6 skills at levels 2 to 5 and 1 to 3 owners —
/// the shape of a whole job architecture, for benchmarks.
pub fn generate_catalogue(skills: usize, roles: usize, duties: usize, seed: u64) -> String {
    use std::fmt::Write as _;

    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let (skills, roles) = (skills.max(1), roles.max(1));
    let mut out = String::with_capacity(80 * (skills + roles) + 160 * duties);
    for s in 0..skills {
        let _ = write!(
            out,
            "[[skills]]\nid = \"skill-{s}\"\nname = \"Skill {s}\"\n\n"
        );
    }
    for r in 0..roles {
        let _ = write!(out, "[[roles]]\nid = \"role-{r}\"\nname = \"Role {r}\"\n\n");
    }
    let mut picked: Vec<usize> = Vec::with_capacity(6);
    for d in 0..duties {
        let role = d % roles;
        picked.clear();
        let wanted = (2 + below(&mut rng, 5)).min(skills);
        while picked.len() < wanted {
            let s = below(&mut rng, skills);
            if !picked.contains(&s) {
                picked.push(s);
            }
        }
        picked.sort_unstable();
        let requires: Vec<String> = picked
            .iter()
            .map(|s| format!("skill-{s} = {}", 2 + below(&mut rng, 4)))
            .collect();
        let _ = write!(
            out,
            "[[responsibilities]]\nid = \"role-{role}.duty-{d}\"\nrole = \"role-{role}\"\ntitle = \"Duty {d}\"\nrequires = {{ {} }}\nmin_owners = {}\n\n",
            requires.join(", "),
            1 + below(&mut rng, 3)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ImportOptions, read_csv};

    fn roster(people: usize, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        generate(&Catalogue::builtin(), people, seed, &mut out).unwrap();
        out
    }

    #[test]
    fn a_messy_export_reads_back_as_the_same_people() {
        let cat = Catalogue::builtin();
        let mut tidy = Vec::new();
        generate(&cat, 3_000, 5, &mut tidy).unwrap();
        let mut messy = Vec::new();
        generate_styled(&cat, 3_000, 5, Style::Messy, &mut messy).unwrap();
        let text = String::from_utf8(messy.clone()).unwrap();
        assert!(text.starts_with('\u{feff}') && text.contains("\r\n"));
        assert!(text.contains("\"=") && text.contains("\"\"Jr\"\"") && text.contains("EXPERT"));
        let options = ImportOptions::default();
        let messy = read_csv(messy.as_slice(), "m.csv", &cat, &options).unwrap();
        assert!(messy.warnings.is_empty(), "{:?}", messy.warnings);
        assert_eq!(messy.roster.len(), 3_000);
        let owners = messy
            .roster
            .owns()
            .iter()
            .map(|&(p, _)| p)
            .collect::<Vec<_>>();
        let mut people = owners.clone();
        people.dedup();
        assert!(
            people.len() > 1_000 && owners.len() > people.len(),
            "many own several"
        );
        let tidy = read_csv(tidy.as_slice(), "t.csv", &cat, &options).unwrap();
        assert_eq!(tidy.roster.len(), messy.roster.len());
    }

    #[test]
    fn generated_catalogues_load_with_the_asked_sizes() {
        let text = generate_catalogue(50, 7, 300, 3);
        assert_eq!(text, generate_catalogue(50, 7, 300, 3));
        let cat = Catalogue::from_toml(&text, "gen.toml").unwrap();
        assert_eq!(
            (
                cat.skills().len(),
                cat.roles().len(),
                cat.responsibilities().len()
            ),
            (50, 7, 300)
        );
        assert!(
            cat.responsibilities()
                .iter()
                .all(|r| (2..=6).contains(&r.requires.len())
                    && (1..=3).contains(&r.min_owners)
                    && r.requires.iter().all(|q| (2..=5).contains(&q.level.get())))
        );
    }

    #[test]
    fn deterministic_for_a_seed_and_different_across_seeds() {
        assert_eq!(roster(200, 7), roster(200, 7));
        assert_ne!(roster(200, 7), roster(200, 8));
    }

    #[test]
    fn reads_back_with_unique_names_and_skewed_levels() {
        let cat = Catalogue::builtin();
        let people = 5_000;
        let text = roster(people, 1);
        let imported =
            read_csv(text.as_slice(), "gen.csv", &cat, &ImportOptions::default()).unwrap();
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        assert_eq!(imported.roster.len(), people);
        let mut counts = [0usize; 6];
        for l in imported.roster.levels() {
            counts[usize::from(l)] += 1;
        }
        assert!(counts[0] > counts[3] && counts[3] > counts[5], "{counts:?}");
        assert!(counts[5] > 0, "a few experts");
        assert!(!imported.roster.owns().is_empty());
        assert!(
            imported.roster.teams().len() > 8,
            "regions above 2,000 people"
        );
    }
}

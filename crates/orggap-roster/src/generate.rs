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

/// How a generated roster is written. The default is plain: LF, bare unique names, digits,
/// `owns` in catalogue order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// As real exports come: a byte-order mark, CRLF, names as `"Last, First"` (some with
    /// quotes, some that look like formulas), level words (`none` for 0) beside digits, and
    /// about half the people declaring one to three duties in any order.
    pub messy: bool,
    /// As an HR system exports people: an employee id, first, last and (for some) preferred
    /// names, some names shared by several people, and a manager id forming one reporting
    /// tree (spans mostly 3 to 8, the rows in no particular order), each department one
    /// unit under the top person.
    pub hr: bool,
    /// The percentage (0..=100) of level cells written `N/A`: not assessed, unknown.
    pub unknown: u8,
}

/// Writes a wide-form roster of `people` people for `catalogue` as CSV to `out`.
pub fn generate<W: Write + ?Sized>(
    catalogue: &Catalogue,
    people: usize,
    seed: u64,
    out: &mut W,
) -> io::Result<()> {
    generate_styled(catalogue, people, seed, Style::default(), out)
}

/// [`generate`], written in `style`.
pub fn generate_styled<W: Write + ?Sized>(
    catalogue: &Catalogue,
    people: usize,
    seed: u64,
    style: Style,
    out: &mut W,
) -> io::Result<()> {
    let messy = style.messy;
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
    let tree = style.hr.then(|| Tree::new(people, &mut rng, teams));
    match style.hr {
        true => write!(
            out,
            "employee id,first name,last name,preferred name,manager,job title,department,capacity,owns"
        )?,
        false => write!(out, "name,title,team,capacity,owns")?,
    }
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
        if let Some(tree) = &tree {
            write!(line, "E{:07},", tree.id(i))?;
            // A middle initial tells later rounds apart. Now and then someone has the name
            // of an earlier person of the first round: shared names.
            let (first, last, initial) = match i > 0 && below(&mut rng, 50) == 0 {
                true => {
                    let k = (below(&mut rng, i.min(pairs)) + offset) % pairs;
                    (FIRST[k % FIRST.len()], LAST[k / FIRST.len()], None)
                }
                false => (first, last, round.checked_sub(1)),
            };
            match initial {
                Some(r) if r < 26 => {
                    write!(line, "{first} {}.,{last}", char::from(b'A' + r as u8))?
                }
                Some(r) => write!(line, "{first} {},{last}", r + 1)?,
                None => write!(line, "{first},{last}")?,
            }
            line.push(b',');
            if below(&mut rng, 10) == 0 {
                // The name someone goes by: another first name with their last name.
                write!(line, "{} {last}", FIRST[below(&mut rng, FIRST.len())])?;
            }
            line.push(b',');
            if let Some(manager) = tree.manager(i) {
                write!(line, "E{:07}", tree.id(manager))?;
            }
        } else if messy {
            // "Last, First", now and then with a nickname in quotes or a leading sign.
            let sign = ["", "", "", "", "", "", "", "", "=", "+"][below(&mut rng, 10)];
            write!(line, "\"{sign}{last}, {first}")?;
            if below(&mut rng, 8) == 0 {
                line.extend_from_slice(b" \"\"Jr\"\"");
            }
        } else {
            write!(line, "{first} {last}")?;
        }
        if round > 0 && tree.is_none() {
            write!(line, " {}", round + 1)?;
        }
        if messy && tree.is_none() {
            line.push(b'"');
        }
        let team = match &tree {
            Some(tree) => tree.team(i),
            None => below(&mut rng, teams),
        };
        let team_name = TEAMS[team % TEAMS.len()];
        let title = match tree.as_ref().map(|t| t.rank(i)) {
            Some(Rank::Top) => "",
            Some(Rank::Head) => "Director",
            Some(Rank::Manager) => ["Manager", "Senior Manager", "Lead"][below(&mut rng, 3)],
            Some(Rank::Member) => {
                ["Associate", "Specialist", "Senior Specialist", "Analyst"][below(&mut rng, 4)]
            }
            None => TITLES[below(&mut rng, TITLES.len())],
        };
        match title {
            "" => write!(line, ",Chief Executive Officer,{team_name}")?,
            _ => write!(line, ",{team_name} {title},{team_name}")?,
        }
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
            if style.unknown > 0 && below(&mut rng, 100) < usize::from(style.unknown) {
                line.extend_from_slice(b",N/A");
                continue;
            }
            match (level(&mut rng, strong), messy && below(&mut rng, 20) == 0) {
                (0, false) => line.push(b','),
                (l, false) => line.extend_from_slice(&[b',', b'0' + l]),
                (l, true) => {
                    const WORDS: [&str; 6] = [
                        "none",
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

/// A reporting tree over the rows of a generated roster: built top down (each manager takes
/// a span of reports, breadth first), then laid over the rows in a shuffled order, so that
/// managers come before and after their reports as in real exports.
struct Tree {
    /// The row of each tree position (position 0 is the top person).
    row_at: Vec<u32>,
    /// The tree position of each row.
    position: Vec<u32>,
    /// The parent position of each position (`u32::MAX` for the top).
    parent: Vec<u32>,
    /// The department of each position: its unit under the top person.
    team: Vec<u32>,
}

impl Tree {
    fn new(people: usize, rng: &mut Pcg64Mcg, teams: usize) -> Tree {
        /// Cumulative per-mille chances of spans 1..=12.
        const SPANS: [u32; 12] = [30, 90, 250, 430, 600, 740, 850, 920, 960, 980, 990, 1000];
        let mut parent = vec![u32::MAX; people];
        let mut team = vec![0u32; people];
        let (mut manager, mut left) = (0usize, 0usize);
        for k in 1..people {
            if left == 0 {
                manager = if k == 1 { 0 } else { manager + 1 };
                let roll = below(rng, 1000) as u32;
                left = 1 + SPANS.iter().position(|&edge| roll < edge).unwrap_or(11);
                // The top person leads the departments.
                if manager == 0 {
                    left = TEAMS.len().min(people - 1);
                }
            }
            parent[k] = manager as u32;
            // A department head's reports lead its regions (in a large organisation).
            let regions = (teams / TEAMS.len()).max(1);
            team[k] = match parent[manager] {
                _ if manager == 0 => (k - 1) as u32 % TEAMS.len() as u32,
                0 => team[manager] + (TEAMS.len() * (k % regions)) as u32,
                _ => team[manager],
            };
            left -= 1;
        }
        // A shuffle (Fisher–Yates) of rows over positions.
        let mut row_at: Vec<u32> = (0..people as u32).collect();
        for i in (1..people).rev() {
            row_at.swap(i, below(rng, i + 1));
        }
        let mut position = vec![0u32; people];
        for (k, &row) in row_at.iter().enumerate() {
            position[row as usize] = k as u32;
        }
        Tree {
            row_at,
            position,
            parent,
            team,
        }
    }

    /// The employee number of a row: its position in the tree, so the top person is 1.
    fn id(&self, row: usize) -> u32 {
        self.position[row] + 1
    }

    fn manager(&self, row: usize) -> Option<usize> {
        let parent = self.parent[self.position[row] as usize];
        (parent != u32::MAX).then(|| self.row_at[parent as usize] as usize)
    }

    fn team(&self, row: usize) -> usize {
        self.team[self.position[row] as usize] as usize
    }

    fn rank(&self, row: usize) -> Rank {
        let k = self.position[row] as usize;
        match self.parent[k] {
            u32::MAX => Rank::Top,
            0 => Rank::Head,
            // Positions are breadth first: a position has reports when a later one's parent
            // is it, that is when some parent reaches it.
            _ if self.parent.last().is_some_and(|&p| p as usize >= k) => Rank::Manager,
            _ => Rank::Member,
        }
    }
}

/// Where a person of a generated tree stands, for their job title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rank {
    Top,
    Head,
    Manager,
    Member,
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
        let style = Style {
            messy: true,
            ..Style::default()
        };
        generate_styled(&cat, 3_000, 5, style, &mut messy).unwrap();
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

//! Synthetic rosters for demos and benchmarks: believable, unique names, teams with their
//! own strengths, skewed levels (most people low, few experts), some `owns` and capacities.
//! Deterministic for a seed (PCG, whose output is fixed by its specification).

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

/// Writes a wide-form roster of `people` people for `catalogue` as CSV to `out`.
pub fn generate<W: Write + ?Sized>(
    catalogue: &Catalogue,
    people: usize,
    seed: u64,
    out: &mut W,
) -> io::Result<()> {
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
    out.write_all(b"\n")?;
    // Names: each (first, last) pair once, then numbered rounds; offset by the seed.
    let pairs = FIRST.len() * LAST.len();
    let offset = below(&mut rng, pairs);
    let mut line = Vec::with_capacity(64 + 2 * skills.len());
    for i in 0..people {
        line.clear();
        let k = (i + offset) % pairs;
        let round = i / pairs;
        write!(line, "{} {}", FIRST[k % FIRST.len()], LAST[k / FIRST.len()])?;
        if round > 0 {
            write!(line, " {}", round + 1)?;
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
        if !duties.is_empty() && below(&mut rng, 30) == 0 {
            line.extend_from_slice(duties[below(&mut rng, duties.len())].id.as_bytes());
        }
        for s in 0..skills.len() {
            let strong = (s + team).is_multiple_of(3);
            match level(&mut rng, strong) {
                0 => line.push(b','),
                l => line.extend_from_slice(&[b',', b'0' + l]),
            }
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    out.flush()
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

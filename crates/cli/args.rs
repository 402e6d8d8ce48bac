//! The command line, as clap derive structs; their doc comments are the help text.
//!
//! These structs stay in the binary: [`crate::input`] turns them into plain options before
//! any library sees them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Find the gaps in a team's coverage of the Chief Product Officer, Chief Marketing Officer
/// and Product Manager roles.
#[derive(Debug, Parser)]
#[command(name = "orggap", version, about, max_term_width = 100)]
pub struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// No progress and no notes on standard error (errors are still printed).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a roster: gaps, at-risk duties, key people, role fit (exit 1 when something fails).
    Check(CheckArgs),
    /// Write the whole analysis into a folder: report.html, report.md, check.json, charts, graph.
    Report(ReportArgs),
    /// Show how orggap reads a roster: encoding, delimiter, form, each column and what it matched.
    Inspect(FormatArgs),
    /// Choose owners: the most duties owned within everyone's capacity (exit 1 if any is left).
    Assign(TableArgs),
    /// What each person's departure would do, most harmful first, and the truck factor.
    Impact(TableArgs),
    /// A plan to close every gap and at-risk duty: who to train in what, then whom to hire.
    Plan(PlanArgs),
    /// Compare two roster snapshots (exit 1 when a new gap opens).
    Diff(DiffArgs),
    /// The baseline and each scenario side by side: coverage, truck factor, key people,
    /// owners and the plan, and every duty whose status differs.
    Compare(CompareArgs),
    /// The organisation's shape from its reporting lines: layers, spans of control, and the
    /// units each duty's qualified people sit in.
    Org(OrgArgs),
    /// Draw people, skills, duties and roles as a graph (Graphviz DOT, Mermaid or JSON).
    Graph(GraphArgs),
    /// A local web workspace: the analysis live in the browser, the scenario built by
    /// clicking and saved to --scenario FILE. Prints its address (with an access token).
    Serve(ServeArgs),
    /// Print the catalogue in use.
    Catalogue(CatalogueArgs),
    /// Write an empty roster to fill in for the catalogue in use: a workbook with a level
    /// drop-down in every skill cell and an instructions sheet, or the CSV header row.
    Template(TemplateArgs),
    /// Write a synthetic roster for the catalogue in use (for demos and benchmarks).
    Generate(GenerateArgs),
    /// Print the JSON Schema of an `orggap.NAME.v1` output (check, inspect, assign, impact,
    /// plan, diff, compare, org, graph, org-graph); without NAME, list them.
    Schema(SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff; `orggap man | man -l -`).
    Man,
}

/// `orggap schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The output: `check` for `orggap.check.v1`, and so on.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `orggap completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Colour choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// A roster and the flags every command that reads one takes.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The roster: a CSV file (`,` `;` or tab), an .xlsx or .ods workbook, or `-` for standard input.
    pub roster: PathBuf,

    #[command(flatten)]
    pub options: InputOptions,
}

/// How to read and judge a roster.
#[derive(Debug, Args)]
pub struct InputOptions {
    /// Use this catalogue (TOML) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,

    /// A policy (TOML): gaps accepted on purpose, `min_owners` per duty or role.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Analyse as if this person had left (repeatable).
    #[arg(long, value_name = "NAME")]
    pub without: Vec<String>,

    /// Analyse the team as it will be on this day: people whose `leaves` date is on or
    /// before it do not count.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub as_of: Option<orggap_model::Day>,

    /// Analyse a what-if written down (TOML): leavers, changes and hires applied in memory
    /// to the roster, which is never changed.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,

    /// Which rating counts where a skill is rated by several people (`Skill (self)`,
    /// `Skill (manager)`, `Skill (peer)`): the manager's (else the plain column, else self,
    /// else peer), one's own, the lowest, or the mean (rounded down).
    #[arg(long, value_enum, default_value_t = RatingChoice::Manager)]
    pub rating: RatingChoice,

    /// Ratings older than this are stale (`540d`, `18mo`, `2y`), as of --as-of, else as of
    /// the newest assessed date of the roster.
    #[arg(long, value_name = "AGE", value_parser = orggap_analysis::MaxAge::parse)]
    pub max_age: Option<orggap_analysis::MaxAge>,

    /// What stale ratings count for: as given (`count`, the default; each duty says how
    /// many of its qualified people rest on them), or as level 0 (`ignore`).
    #[arg(long, value_enum, default_value_t = Stale::Count, requires = "max_age")]
    pub stale: Stale,

    /// A word for a level, for this run (`--level-word "senior=4"`; repeatable): read in
    /// roster cells and scenarios like the scale's own words.
    #[arg(long, value_name = "WORD=N", value_parser = parse_level_word)]
    pub level_word: Vec<(String, orggap_model::Level)>,

    /// The row of the header (1-based), when titles, dates or blank rows above it are not
    /// found on their own (the header is looked for in the first 20 rows: the first that
    /// holds a name and a skill).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub header_row: Option<u16>,

    /// What an empty level cell means: level 0 (`zero`, the default: a blank in a skills
    /// matrix is "no skill"), or not assessed (`unknown`).
    #[arg(long, value_enum, default_value_t = Blank::Zero)]
    pub blank: Blank,

    /// Responsibilities a person can own when the roster gives no capacity.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub capacity: u32,

    /// Treat unknown columns, skills and responsibility ids as errors, not warnings.
    #[arg(long)]
    pub strict: bool,

    /// The CSV delimiter (one character, or `tab`); found from the header when not given.
    #[arg(long, value_name = "C", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// The sheet to read from a workbook (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// The roster's text encoding when it is not UTF-8, e.g. `windows-1252`, `latin1`, `utf-16`.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
}

/// `--blank`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Blank {
    /// An empty cell is level 0.
    Zero,
    /// An empty cell is an unknown level.
    Unknown,
}

/// `--stale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Stale {
    /// Stale ratings count as given.
    Count,
    /// Stale ratings count as level 0.
    Ignore,
}

/// `--rating`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RatingChoice {
    /// The manager's rating, else the plain column, else self, else peer.
    Manager,
    /// The person's own rating, else the plain column, else manager, else peer.
    #[value(name = "self")]
    Own,
    /// The lowest rating given.
    Lowest,
    /// The mean of the ratings given, rounded down.
    Mean,
}

fn parse_level_word(text: &str) -> Result<(String, orggap_model::Level), String> {
    let (word, level) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("'{text}' is not WORD=N"))?;
    let level = level
        .trim()
        .parse::<u8>()
        .ok()
        .and_then(orggap_model::Level::new)
        .ok_or_else(|| format!("'{}' is not a level 0..9", level.trim()))?;
    Ok((word.trim().to_owned(), level))
}

fn parse_day(text: &str) -> Result<orggap_model::Day, String> {
    match orggap_roster::parse_date(text) {
        Ok(Some(day)) => Ok(day),
        Ok(None) => Err("a date is needed, written YYYY-MM-DD".into()),
        Err(e) => Err(e),
    }
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if text.len() == 1 && text.is_ascii() => Ok(text.as_bytes()[0]),
        _ => Err(format!("'{text}' is not one ASCII character or 'tab'")),
    }
}

/// `orggap check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Write to this file (whole or not at all) instead of standard output; needed by
    /// `--format xlsx`.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// What makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Gap)]
    pub fail_on: FailOn,

    /// Qualified people listed per responsibility (the count is always exact).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub max_names: usize,
}

/// Formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Readable in a terminal.
    Text,
    /// The `orggap.check.v1` schema.
    Json,
    /// A Markdown document.
    Markdown,
    /// One row per responsibility.
    Csv,
    /// A workbook of one sheet, the duties (with `--output FILE`).
    Xlsx,
}

/// When `check` fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A duty nobody is qualified for.
    Gap,
    /// A gap, or a duty with fewer qualified people than it needs.
    AtRisk,
    /// A duty whose every qualified person's ratings are stale (needs --max-age).
    Unverified,
    /// Never: exit 0 whatever the result.
    Never,
}

/// `orggap report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// The folder to write into (created when missing); `--out` is the same.
    #[arg(long = "output", visible_alias = "out", value_name = "DIR")]
    pub out: PathBuf,

    /// Qualified people listed per responsibility.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub max_names: usize,

    /// How long the plan may take, counted from the command's start (reading and analysing
    /// the roster use part of it; the solver searches for a cheaper plan than the greedy one
    /// in the rest), e.g. `2s`, `500ms`, `1m` (`0s`: the greedy plan, not proved).
    #[arg(long, value_name = "TIME", default_value = "2s", value_parser = parse_duration)]
    pub plan_time: std::time::Duration,
}

/// Commands that read a roster and print in one of the three formats.
#[derive(Debug, Args)]
pub struct FormatArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Commands whose result is one table: the three formats, or a workbook.
#[derive(Debug, Args)]
pub struct TableArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,

    /// Write to this file (whole or not at all) instead of standard output; needed by
    /// `--format xlsx`.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Text, JSON, Markdown or a workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Readable in a terminal.
    Text,
    /// For programs.
    Json,
    /// A Markdown document.
    Markdown,
    /// A workbook of one sheet (with `--output FILE`).
    Xlsx,
}

/// `orggap serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// The port to listen on (0: any free port).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,

    /// The address to listen on; anything but loopback makes the roster reachable from
    /// other machines (the token still guards it), and needs --allow-remote.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,

    /// Allow a --bind address other machines can reach: the roster is personal data.
    #[arg(long)]
    pub allow_remote: bool,

    /// Open the workspace in the browser.
    #[arg(long)]
    pub open: bool,

    /// A folder of scenarios: each NAME.toml in it is a scenario of the workspace, a new one
    /// is saved there, a deleted one removed (created when missing; instead of --scenario).
    #[arg(long, value_name = "DIR", conflicts_with = "scenario")]
    pub scenarios: Option<PathBuf>,

    /// The plan's limit: train a person for a duty only when it takes at most this many
    /// level steps.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_steps: u32,
}

/// `orggap compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Scenario files (TOML), each a column beside the baseline.
    #[arg(value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,

    /// The plan's limit: train a person for a duty only when it takes at most this many
    /// level steps.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_steps: u32,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `orggap plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Train a person for a duty only when it takes at most this many level steps.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_steps: u32,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,

    /// Write to this file (whole or not at all) instead of standard output; needed by
    /// `--format xlsx`.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// How long the plan may take, counted from the command's start (reading and analysing
    /// the roster use part of it; the solver searches for a cheaper plan than the greedy one
    /// in the rest), e.g. `2s`, `500ms`, `1m` (`0s`: the greedy plan, not proved).
    #[arg(long, value_name = "TIME", default_value = "2s", value_parser = parse_duration)]
    pub plan_time: std::time::Duration,

    /// Also write the plan as a scenario (TOML) to edit and compare: training as changes,
    /// hiring profiles as hires, each with a comment on what it closes.
    #[arg(long, value_name = "FILE")]
    pub scenario_out: Option<PathBuf>,
}

/// `orggap org`.
#[derive(Debug, Args)]
pub struct OrgArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Managers with more direct reports than this are listed as wide.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_span: u32,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `orggap diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The roster before (CSV or workbook).
    pub old: PathBuf,

    /// The roster after.
    pub new: PathBuf,

    #[command(flatten)]
    pub options: InputOptions,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Text, JSON or Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable in a terminal.
    Text,
    /// For programs.
    Json,
    /// A Markdown document.
    Markdown,
}

/// `orggap graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,

    /// Only this role's duties (a role id such as `cmo`).
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,

    /// Only people of this team.
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,

    /// Above this many people, draw teams instead of people.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_people: usize,

    /// Above this many duties, draw only those that need attention (gaps, then at risk),
    /// this many at most; 0 draws every duty.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_duties: usize,

    /// Also draw skills: each person's levels and each duty's minimum levels.
    #[arg(long)]
    pub skills: bool,

    /// Draw the reporting tree instead: managers above their reports, key people and
    /// owners marked; above --max-people, the top people and their units.
    #[arg(long, conflicts_with_all = ["role", "team", "skills"])]
    pub org: bool,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of `graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (`orggap graph team.csv | dot -Tsvg > team.svg`).
    Dot,
    /// A Mermaid flowchart, for Markdown on code hosts.
    Mermaid,
    /// Nodes and edges with their kinds.
    Json,
}

/// `orggap generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many people.
    #[arg(long, value_name = "N", required_unless_present = "catalogue_size")]
    pub people: Option<usize>,

    /// Write the roster as real exports come: a byte-order mark, CRLF, quoted
    /// "Last, First" names (some with quotes, some like formulas), level words, and
    /// duties declared in any order.
    #[arg(long)]
    pub messy: bool,

    /// Write the roster as an HR system exports it: employee ids, first, last and
    /// preferred names (some names shared by several people), and a manager id forming
    /// one reporting tree, each department a unit under the top person.
    #[arg(long)]
    pub hr: bool,

    /// Write this percentage of level cells as `N/A` (not assessed), for a roster with
    /// unknown levels.
    #[arg(long, value_name = "PCT", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub unknown: u8,

    /// Write a synthetic catalogue (TOML) instead of a roster: SKILLS,ROLES,DUTIES (each
    /// duty asks for 2 to 6 skills at levels 2 to 5), e.g. 1000,300,10000.
    #[arg(long, value_name = "S,R,D", value_parser = parse_catalogue_size, conflicts_with_all = ["people", "messy", "hr"])]
    pub catalogue_size: Option<(usize, usize, usize)>,

    /// The random seed; the same seed gives the same roster.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Generate for this catalogue (TOML) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,

    /// Write to this file (whole or not at all) instead of standard output; `--out` is the
    /// same.
    #[arg(long = "output", visible_alias = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `orggap catalogue`.
#[derive(Debug, Args)]
pub struct CatalogueArgs {
    /// Show this catalogue (TOML) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CatalogueFormat::Toml)]
    pub format: CatalogueFormat,
    /// Write to this file (whole or not at all) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `orggap template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The catalogue whose skills the roster asks for (TOML) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,

    /// The format; by default from the --output file's extension (`.csv`: csv), else xlsx.
    #[arg(long, value_enum)]
    pub format: Option<TemplateFormat>,

    /// Write to this file (whole or not at all); without it, standard output (a workbook
    /// on a terminal goes to `orggap-template.xlsx`).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of `template`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// A workbook: the Roster sheet to fill in, Instructions, Levels.
    Xlsx,
    /// The header row only.
    Csv,
}

/// Formats of `catalogue`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CatalogueFormat {
    /// The catalogue file format; loads back with `--catalogue`.
    Toml,
    /// The same data as JSON.
    Json,
    /// Tables for people.
    Markdown,
}

/// `SKILLS,ROLES,DUTIES` for `generate --catalogue-size`.
/// A duration: a number and `ms`, `s` or `m` (`2s`, `500ms`, `1.5s`, `1m`).
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a duration such as 2s, 500ms or 1m"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" | "" => value,
        "m" => value * 60.0,
        _ => return Err(format!("'{text}': the unit is ms, s or m")),
    };
    std::time::Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| d.as_secs() <= 24 * 3600)
        .ok_or_else(|| format!("'{text}' is too long a duration (at most a day)"))
}

fn parse_catalogue_size(text: &str) -> Result<(usize, usize, usize), String> {
    let numbers: Vec<usize> = text
        .split(',')
        .map(|n| n.trim().parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("'{text}' is not three whole numbers SKILLS,ROLES,DUTIES"))?;
    match numbers[..] {
        [skills, roles, duties] if skills > 0 && roles > 0 && duties > 0 => {
            Ok((skills, roles, duties))
        }
        _ => Err(format!(
            "'{text}' is not three whole numbers above 0: SKILLS,ROLES,DUTIES"
        )),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn delimiters() {
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert!(parse_delimiter(";;").is_err());
    }
}

//! The JSON Schema of every `orggap.NAME.v1` output, made from the very types that are
//! serialised (so a schema cannot drift from its output); `orggap schema NAME` prints one.

use schemars::{JsonSchema, SchemaGenerator, generate::SchemaSettings};

use crate::{
    AssignReport, CheckReport, CompareReport, DiffReport, ImpactReport, OrgReport, PlanReport,
};

/// The outputs of the report crate with a schema, by name (`check` for `orggap.check.v1`).
/// `inspect`'s is the command line's own.
pub const JSON_SCHEMAS: [&str; 9] = [
    "check",
    "assign",
    "impact",
    "plan",
    "diff",
    "compare",
    "org",
    "graph",
    "org-graph",
];

/// The JSON Schema (draft 2020-12) of output `name` (see [`JSON_SCHEMAS`]), pretty-printed,
/// or `None` for a name that has none.
pub fn json_schema(name: &str) -> Option<String> {
    let schema = match name {
        "check" => schema_of::<CheckReport>(name),
        "assign" => schema_of::<AssignReport>(name),
        "impact" => schema_of::<ImpactReport>(name),
        "plan" => schema_of::<PlanReport>(name),
        "diff" => schema_of::<DiffReport>(name),
        "compare" => schema_of::<CompareReport>(name),
        "org" => schema_of::<OrgReport>(name),
        "graph" => crate::graph_out::schema(),
        "org-graph" => crate::reporting_out::schema(),
        _ => return None,
    };
    Some(schema)
}

/// The schema of `T` as output `name`: its title names the output.
pub fn schema_of<T: JsonSchema>(name: &str) -> String {
    let mut schema = SchemaGenerator::new(SchemaSettings::draft2020_12().for_serialize())
        .into_root_schema_for::<T>();
    schema.insert("title".into(), format!("orggap.{name}.v1").into());
    crate::pretty_json(&schema)
}

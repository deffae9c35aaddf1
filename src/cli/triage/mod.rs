//! `ftc triage`: route a piece of feedback by the questions of rule 4.7 and
//! record it; `triage list`; and the lifecycle of FTC Insights
//! (`triage plus-one`, `triage status`).

pub mod insight;
pub mod list;
pub mod record;

use crate::cli::Ctx;
use crate::domain::triage::Answers;
use crate::error::{refused, Result};
use crate::render::Columns;
use crate::store::feedback::{get_feedback, Feedback};
use crate::store::sql::Db;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;
use std::io::Write;

/// The route of an FTC Insight, the only feedback with a lifecycle.
pub const INSIGHT: &str = "ftc-insight";

/// Every route, as `triage list --route` takes them.
pub const ROUTES: [&str; 8] = [
    "support",
    "ftc-insight",
    "dcr",
    "uservoice",
    "playbook-feedback",
    "ftchelp",
    "sme-request",
    "workload-channel",
];

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct TriageArgs {
    #[command(subcommand)]
    pub command: Option<TriageCommand>,
    #[command(flatten)]
    pub new: record::RecordArgs,
}

#[derive(Debug, Subcommand)]
pub enum TriageCommand {
    /// Every piece of feedback triaged, oldest first
    List(list::ListArgs),
    /// Count another tenant for an FTC Insight instead of recording a duplicate
    PlusOne(insight::PlusOneArgs),
    /// Move an FTC Insight along its lifecycle (reference/insight-statuses.txt)
    Status(insight::StatusArgs),
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: TriageArgs) -> Result<()> {
    match a.command {
        Some(TriageCommand::List(l)) => list::run(ctx, out, l),
        Some(TriageCommand::PlusOne(p)) => insight::plus_one(ctx, out, p),
        Some(TriageCommand::Status(s)) => insight::status(ctx, out, s),
        None => record::run(ctx, out, a.new),
    }
}

/// The questions answered yes, by their flag names.
pub fn answer_names(a: &Answers) -> Vec<&'static str> {
    [
        (a.broken, "broken"),
        (a.blocks_deployment, "blocks-deployment"),
        (a.product_wish, "product-wish"),
        (a.premier, "premier"),
        (a.playbook, "playbook"),
        (a.ftc_process, "ftc-process"),
        (a.deep_guidance, "deep-guidance"),
        (a.question, "question"),
    ]
    .into_iter()
    .filter(|(yes, _)| *yes)
    .map(|(_, name)| name)
    .collect()
}

/// A piece of feedback as printed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackView {
    pub id: i64,
    pub route: String,
    pub destination: String,
    pub summary: String,
    /// FTCHelp requests: the category.
    pub category: Option<String>,
    pub tenant: Option<String>,
    pub workload: Option<String>,
    /// The questions answered yes.
    pub answers: Vec<String>,
    /// FTC Insights: the lifecycle status; `null` for other routes.
    pub status: Option<String>,
    /// FTC Insights: whether the status is a completed one.
    pub completed: Option<bool>,
    /// FTC Insights: how many times it was raised (the first report, then
    /// one per other tenant counted by `plus-one`).
    pub occurrences: Option<usize>,
    /// FTC Insights: the tenants counted.
    pub tenants: Vec<String>,
    pub created_on: NaiveDate,
    pub author: String,
}

impl FeedbackView {
    pub fn of(f: &Feedback) -> FeedbackView {
        let insight = f.route == INSIGHT;
        let completed = f.status.as_deref().map(|s| {
            crate::reference::get()
                .insight_statuses
                .iter()
                .any(|x| x.completed && x.name == s)
        });
        FeedbackView {
            id: f.id,
            route: f.route.clone(),
            destination: f.destination.clone(),
            summary: f.summary.clone(),
            category: f.category.clone(),
            tenant: f.tenant.as_ref().map(|t| t.1.clone()),
            workload: f.workload.clone(),
            answers: f.answers.clone(),
            status: f.status.clone(),
            completed: if insight { completed } else { None },
            occurrences: insight.then(|| f.tenants.len() + usize::from(f.tenant.is_none())),
            tenants: f.tenants.clone(),
            created_on: f.created_on,
            author: f.author.clone(),
        }
    }
}

pub const COLUMNS: Columns = Columns {
    keys: &[
        "id",
        "route",
        "destination",
        "summary",
        "category",
        "tenant",
        "workload",
        "answers",
        "status",
        "completed",
        "occurrences",
        "tenants",
        "created_on",
        "author",
    ],
    table: &[
        ("id", "id"),
        ("created", "created_on"),
        ("route", "route"),
        ("status", "status"),
        ("+1", "occurrences"),
        ("tenant", "tenant"),
        ("summary", "summary"),
    ],
    flex: 6,
};

/// The feedback with this id, or a refusal.
pub fn load(conn: Db<'_>, id: i64) -> Result<Feedback> {
    get_feedback(conn, id)?.ok_or_else(|| {
        refused(format!("no feedback #{id}"))
            .with_hint("`ftc triage list` shows what was triaged")
            .into()
    })
}

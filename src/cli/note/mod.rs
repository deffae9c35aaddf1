//! `ftc note add|intent|list`: status notes, checked service intent notes,
//! and a tenant's notes.

pub mod add;
pub mod intent;
pub mod list;

use crate::cli::Ctx;
use crate::error::{refused, Result};
use crate::reference::workloads;
use crate::render::{self, Columns};
use crate::store::notes::Note;
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    /// Add a status note: engagement, enterprise (winner tenant only), technical, ...
    Add(add::AddArgs),
    /// Add a service intent note for a workload, checked first (a poor one is refused)
    Intent(intent::IntentArgs),
    /// A tenant's notes, newest first: the last 4 unless --all
    List(list::ListArgs),
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: NoteCommand) -> Result<()> {
    match cmd {
        NoteCommand::Add(a) => add::run(ctx, out, a),
        NoteCommand::Intent(a) => intent::run(ctx, out, a),
        NoteCommand::List(a) => list::run(ctx, out, a),
    }
}

/// The kinds of status note `note add` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusKind {
    Engagement,
    /// Only on the customer's winner tenant
    Enterprise,
    Technical,
    Environment,
    Migration,
}

impl StatusKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusKind::Engagement => "engagement",
            StatusKind::Enterprise => "enterprise",
            StatusKind::Technical => "technical",
            StatusKind::Environment => "environment",
            StatusKind::Migration => "migration",
        }
    }
}

/// Every kind of note, for `note list --kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NoteKind {
    Engagement,
    Enterprise,
    Technical,
    Environment,
    Migration,
    /// Service intent notes
    Intent,
}

impl NoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Engagement => "engagement",
            NoteKind::Enterprise => "enterprise",
            NoteKind::Technical => "technical",
            NoteKind::Environment => "environment",
            NoteKind::Migration => "migration",
            NoteKind::Intent => "intent",
        }
    }
}

/// A note as `note add` and `note list` print it.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub author: String,
    pub created_on: String,
    pub workload: Option<String>,
    pub scope: Option<String>,
    pub risks: Option<String>,
    pub next_action: Option<String>,
    pub next_date: Option<String>,
    pub next_owner: Option<String>,
    pub verdict: Option<String>,
    /// The warning codes of an intent note; `null` on other notes.
    pub warnings: Option<Vec<String>>,
}

impl NoteView {
    pub fn of(n: &Note) -> NoteView {
        NoteView {
            id: n.id,
            kind: n.kind.clone(),
            text: n.text.clone(),
            author: n.author.clone(),
            created_on: n.created_on.clone(),
            workload: n.workload.clone(),
            scope: n.scope.clone(),
            risks: n.risks.clone(),
            next_action: n.next_action.clone(),
            next_date: n.next_date.clone(),
            next_owner: n.next_owner.clone(),
            verdict: n.verdict.clone(),
            warnings: n.warnings.clone(),
        }
    }
}

pub const NOTE_COLUMNS: Columns = Columns {
    keys: &[
        "id",
        "kind",
        "text",
        "author",
        "created_on",
        "workload",
        "scope",
        "risks",
        "next_action",
        "next_date",
        "next_owner",
        "verdict",
        "warnings",
    ],
    table: &[
        ("id", "id"),
        ("on", "on"),
        ("kind", "kind"),
        ("workload", "workload"),
        ("verdict", "verdict"),
        ("author", "author"),
        ("note", "note"),
    ],
    flex: 6,
};

/// A note as a table row: the text with its other fields on lines of
/// their own, to fit 100 columns.
#[derive(Debug, Serialize)]
struct NoteRow<'a> {
    id: i64,
    on: &'a str,
    kind: &'a str,
    workload: Option<&'a str>,
    verdict: Option<&'a str>,
    author: &'a str,
    note: String,
}

impl<'a> NoteRow<'a> {
    fn of(n: &'a NoteView) -> NoteRow<'a> {
        let mut note = n.text.clone();
        for (label, v) in [("scope", &n.scope), ("risks", &n.risks)] {
            if let Some(v) = v {
                note.push_str(&format!("\n{label}: {v}"));
            }
        }
        if let Some(a) = &n.next_action {
            note.push_str(&format!("\nnext: {a}"));
            if let Some(o) = &n.next_owner {
                note.push_str(&format!(" ({o})"));
            }
            if let Some(d) = &n.next_date {
                note.push_str(&format!(" on {d}"));
            }
        }
        if let Some(w) = n.warnings.as_ref().filter(|w| !w.is_empty()) {
            note.push_str(&format!("\nwarnings: {}", w.join(", ")));
        }
        NoteRow {
            id: n.id,
            on: &n.created_on,
            kind: &n.kind,
            workload: n.workload.as_deref(),
            verdict: n.verdict.as_deref(),
            author: &n.author,
            note,
        }
    }
}

/// Print notes: every field in JSON, JSON lines and CSV; a readable table.
pub fn render_notes(out: &mut dyn Write, ctx: &Ctx, notes: &[NoteView]) -> Result<()> {
    if ctx.is_table() {
        let rows: Vec<NoteRow> = notes.iter().map(NoteRow::of).collect();
        return render::list(out, ctx.style, &rows, &NOTE_COLUMNS);
    }
    render::list(out, ctx.style, notes, &NOTE_COLUMNS)
}

/// A workload by slug, name or alias; unknown is a refusal (exit 1) with
/// the closest ones.
pub fn workload(input: &str) -> Result<&'static workloads::Workload> {
    workloads::resolve(input).map_err(|e| {
        refused(format!("--workload: {e}"))
            .with_hint("name the workload by slug, display name or alias (exchange, SharePoint Online, spo)")
            .into()
    })
}

/// A free-text field: trimmed, `None` when empty.
pub fn text(v: Option<&str>) -> Option<String> {
    v.map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

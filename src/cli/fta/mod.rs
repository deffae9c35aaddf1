//! `ftc fta request|assign|close|list`: FastTrack Architect requests (SPEC
//! 3.5) and the workload balancer (rule 4.4).

pub mod assign;
pub mod close;
pub mod list;
pub mod request;

use crate::cli::Ctx;
use crate::domain::fta::{Attachment, RequestType};
use crate::domain::values::Region;
use crate::error::{refused, Result};
use crate::render::Columns;
use crate::store::fta::{get_request, Request};
use crate::store::sql::Db;
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum FtaCommand {
    /// Record a request for an architect: checked for completeness, routed, given its due date
    Request(request::RequestArgs),
    /// Assign a request (or every pending one) to an architect with the workload balancer
    Assign(assign::AssignArgs),
    /// Close a request: it no longer counts towards its architect's open load
    Close(close::CloseArgs),
    /// The requests, oldest first
    List(list::ListArgs),
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: FtaCommand) -> Result<()> {
    match cmd {
        FtaCommand::Request(a) => request::run(ctx, out, a),
        FtaCommand::Assign(a) => assign::run(ctx, out, a),
        FtaCommand::Close(a) => close::run(ctx, out, a),
        FtaCommand::List(a) => list::run(ctx, out, a),
    }
}

/// A request as printed: every column.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: RequestType,
    pub route: String,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub requester: String,
    /// The tenant's domain.
    pub tenant: Option<String>,
    pub region: Option<Region>,
    pub attachments: Vec<Attachment>,
    pub mailboxes: Option<u32>,
    pub source_env: Option<String>,
    pub justification: Option<String>,
    pub details: Option<String>,
    pub architect: Option<String>,
    pub assigned_on: Option<NaiveDate>,
    /// Assigned after its due date; `null` until assigned.
    pub late: Option<bool>,
    pub closed_on: Option<NaiveDate>,
}

impl RequestView {
    pub fn of(r: &Request) -> RequestView {
        RequestView {
            id: r.id,
            kind: r.kind,
            route: r.route.clone(),
            received_on: r.received_on,
            due_on: r.due_on,
            requester: r.requester.clone(),
            tenant: r.tenant.as_ref().map(|t| t.1.clone()),
            region: r.region,
            attachments: r.attachments.clone(),
            mailboxes: r.mailboxes,
            source_env: r.source_env.clone(),
            justification: r.justification.clone(),
            details: r.details.clone(),
            architect: r.architect.clone(),
            assigned_on: r.assigned_on,
            late: r.assigned_on.map(|on| on > r.due_on),
            closed_on: r.closed_on,
        }
    }
}

pub const REQUEST_COLUMNS: Columns = Columns {
    keys: &[
        "id",
        "type",
        "route",
        "received_on",
        "due_on",
        "requester",
        "tenant",
        "region",
        "attachments",
        "mailboxes",
        "source_env",
        "justification",
        "details",
        "architect",
        "assigned_on",
        "late",
        "closed_on",
    ],
    table: &[
        ("id", "id"),
        ("type", "type"),
        ("route", "route"),
        ("due", "due_on"),
        ("region", "region"),
        ("architect", "architect"),
        ("closed", "closed_on"),
        ("tenant", "tenant"),
    ],
    flex: 7,
};

/// The request with this id, or a refusal.
pub fn load(conn: Db<'_>, id: i64) -> Result<Request> {
    get_request(conn, id)?.ok_or_else(|| {
        refused(format!("no FTA request #{id}"))
            .with_hint("`ftc fta list` shows the requests")
            .into()
    })
}

/// "ecif-dwr request #3 from ann@example.com"
pub fn describe(r: &Request) -> String {
    format!("{} request #{} from {}", r.kind.as_str(), r.id, r.requester)
}

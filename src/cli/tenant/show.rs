//! `ftc tenant show`

use super::TenantView;
use crate::cli::contact::{ContactRow, ContactView};
use crate::cli::partner::PartnerView;
use crate::cli::Ctx;
use crate::domain::contact::ContactKind;
use crate::error::Result;
use crate::render;
use crate::store::contacts::list_contacts;
use crate::store::frps::get_frp;
use crate::store::notes::{list_notes, NoteFilter};
use crate::store::sql::Db;
use crate::store::tenants::{list_tenants, resolve_tenant, TenantFilter};
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// Every note, not only the last 4
    #[arg(long)]
    pub all_notes: bool,
}

/// A note as `tenant show` lists it.
#[derive(Debug, Serialize)]
pub struct NoteView {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub author: String,
    pub created_on: String,
}

/// `tenant show`: the list view plus the tenant's own details.
#[derive(Debug, Serialize)]
pub struct ShowView {
    #[serde(flatten)]
    pub tenant: TenantView,
    pub country: Option<String>,
    pub wants_ftc: Option<bool>,
    pub duplicate_invalid: bool,
    pub goback_on: Option<String>,
    pub added_on: String,
    /// The customer's other tenants.
    pub sibling_tenants: Vec<String>,
    /// Account team, partner and customer contacts.
    pub contacts: Vec<ContactView>,
    /// The partner the rules deal with: the confirmed one, or the only one
    /// listed; `null` when none was recorded or several candidates wait
    /// for the account team to confirm one.
    pub partner: Option<PartnerView>,
    /// Every partner listed on the tenant (candidates until one deploys).
    pub partners: Vec<PartnerView>,
    /// Where the engagement cadence stands (as `cadence show`).
    pub cadence: crate::cli::cadence::ShowView,
    /// Per workload: its DIBS, service status and latest intent note.
    pub workloads: Vec<WorkloadView>,
    /// The last 4 notes, newest first (every note with `--all-notes`).
    pub notes: Vec<NoteView>,
    /// The task checklist (as `ftc tasks`).
    pub tasks: Vec<crate::cli::task::TaskView>,
    /// Each workload's latest month of usage: MAU, PAU, Usage %.
    pub usage: Vec<crate::cli::usage::UsageView>,
    /// Partners' claims on its workloads.
    pub claims: Vec<crate::cli::claim::ClaimView>,
    pub warnings: Vec<String>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ShowArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let t = resolve_tenant(store.db(), &a.tenant)?;
    let siblings: Vec<String> = list_tenants(
        store.db(),
        &TenantFilter {
            customer_id: Some(t.customer_id),
            ..Default::default()
        },
    )?
    .into_iter()
    .filter(|s| s.id != t.id)
    .map(|s| s.domain)
    .collect();
    let cur = crate::cli::cadence::Current::load(store.db(), ctx, t.clone())?;
    let view = TenantView::from_current(&cur, ctx);
    let notes: Vec<NoteView> = list_notes(
        store.db(),
        t.id,
        &NoteFilter {
            limit: if a.all_notes { None } else { Some(4) },
            ..Default::default()
        },
    )?
    .into_iter()
    .map(|n| NoteView {
        id: n.id,
        kind: n.kind,
        text: n.text,
        author: n.author,
        created_on: n.created_on,
    })
    .collect();
    // Where it stands (skip, RFA, reactive, nobody to write to), then the
    // facts of its record.
    let mut warnings = cur.standing.warnings.clone();
    let suspected = crate::store::suspects::tenant_suspects(store.db(), t.id)?;
    if !suspected.is_empty() {
        warnings.push(format!(
            "suspected duplicate: its customer looks like {} (`ftc tenant set {} --customer TPID` joins it, `--not-duplicate` records it was checked)",
            suspected.join(", "),
            t.domain
        ));
    }
    if !view.eligible {
        warnings.push(match t.seats {
            Some(s) => format!(
                "ineligible: {s} seats, below the minimum of {}",
                ctx.config.eligibility.min_seats
            ),
            None => "ineligible: seats unknown".to_string(),
        });
    }
    if t.region.is_none() {
        warnings.push("no region: only the `all` holidays apply to its due dates".into());
    }
    let contacts = list_contacts(store.db(), t.id)?;
    let customers: Vec<_> = contacts
        .iter()
        .filter(|c| c.kind == ContactKind::Customer)
        .collect();
    if !customers.iter().any(|c| c.survey_eligible) {
        warnings.push("no survey-eligible customer contact".into());
    }
    if !customers.is_empty() && customers.iter().all(|c| c.do_not_contact) {
        warnings.push(
            "every customer contact is do-not-contact: the customer cannot be e-mailed".into(),
        );
    }
    let partner = cur.partner().cloned();
    let partners = &cur.stored.partners;
    if let Some(p) = partner.as_ref().filter(|p| p.is_frp) {
        if let Some(f) = get_frp(store.db(), &p.mpn)?.filter(|f| !f.serves(t.region)) {
            let regions: Vec<&str> = f.regions.iter().map(|r| r.as_str()).collect();
            warnings.push(format!(
                "the partner {} is an FRP for {} only, not for this tenant's region",
                f.name,
                regions.join(", ")
            ));
        }
    }
    let show = ShowView {
        tenant: view,
        country: t.country.clone(),
        wants_ftc: t.wants_ftc,
        duplicate_invalid: t.duplicate_invalid,
        goback_on: t.goback_on.map(|d| d.to_string()),
        added_on: t.added_on.to_string(),
        sibling_tenants: siblings,
        contacts: contacts.iter().map(ContactView::of).collect(),
        partner: partner.as_ref().map(PartnerView::of),
        partners: partners.iter().map(PartnerView::of).collect(),
        cadence: cur.view(ctx),
        usage: cur
            .stored
            .usage
            .iter()
            .map(crate::cli::usage::UsageView::of)
            .collect(),
        claims: crate::store::usage::list_claims(store.db(), Some(t.id), None)?
            .iter()
            .map(crate::cli::claim::ClaimView::of)
            .collect(),
        workloads: workload_views(store.db(), t.id)?,
        notes,
        tasks: crate::cli::task::checklist(store.db(), t.id)?,
        warnings,
    };
    if ctx.is_table() {
        // The contacts as `contact list` shows them, to fit 100 columns.
        let mut v = serde_json::to_value(&show)?;
        // A line per fact: the workload, what, and the fact (which wraps).
        let mut lines = Vec::new();
        for w in &show.workloads {
            if let Some(d) = &w.dibs {
                let field = |x: Option<String>| x.unwrap_or_else(|| "-".into());
                lines.push(
                    serde_json::json!({"workload": w.workload, "what": "DIBS", "detail": format!(
                        "{}: go-live {}, intent {}, reason {}, owner {} (from the {})",
                        if d.complete { "full" } else { "partial" },
                        field(d.go_live.map(|x| x.to_string())),
                        field(d.intent.map(|i| i.as_str().to_string())),
                        field(d.reason.clone()),
                        field(d.owner.clone()),
                        d.source.as_str().replace('-', " ")
                    )}),
                );
            }
            if let Some(st) = &w.status {
                let rows: Vec<String> = st
                    .rows
                    .iter()
                    .map(|r| format!("{} {}", r.l1, r.count))
                    .collect();
                lines.push(serde_json::json!({"workload": w.workload, "what": "status",
                    "detail": format!("total {}: {}", st.total, rows.join(", "))}));
            }
            if let Some(n) = &w.intent_note {
                lines.push(
                    serde_json::json!({"workload": w.workload, "what": "intent", "detail": n}),
                );
            }
        }
        v["workloads"] = serde_json::Value::Array(lines);
        v["contacts"] =
            serde_json::to_value(show.contacts.iter().map(ContactRow::of).collect::<Vec<_>>())?;
        if let Some(o) = v.as_object_mut() {
            o.remove("partners");
        }
        if partners.len() > 1 {
            v["partner"] = format!(
                "candidates: {}",
                partners
                    .iter()
                    .map(crate::cli::partner::describe)
                    .collect::<Vec<_>>()
                    .join("; ")
            )
            .into();
        } else if let Some(p) = &partner {
            v["partner"] = crate::cli::partner::describe(p).into();
        }
        // The cadence in one line; `ftc cadence show` has the details.
        let n = cur.cadence().attempts.len();
        v["cadence"] = format!(
            "{n} attempt{} made; next: {}",
            if n == 1 { "" } else { "s" },
            crate::cli::cadence::NextStepView::of(&cur.standing, t.region).line()
        )
        .into();
        return render::one(out, ctx.style, &v);
    }
    render::one(out, ctx.style, &show)
}

/// One workload of a tenant: what `dibs show`, `status show` and the latest
/// service intent note say of it.
#[derive(Debug, Serialize)]
pub struct WorkloadView {
    pub workload: String,
    pub dibs: Option<crate::cli::dibs::DibsView>,
    pub status: Option<crate::cli::status::StatusView>,
    pub intent_note: Option<String>,
}

/// Every workload with DIBS, a status or an intent note, in reference order.
fn workload_views(conn: Db<'_>, tenant: i64) -> Result<Vec<WorkloadView>> {
    let mut dibs = crate::cli::dibs::dibs_views(conn, tenant)?;
    let mut status: Vec<_> = crate::store::status::get_status(conn, tenant)?
        .iter()
        .map(crate::cli::status::StatusView::of)
        .collect();
    let intents = crate::store::notes::latest_intents(conn, tenant)?;
    let mut out = Vec::new();
    for w in crate::reference::workloads::all() {
        let d = dibs
            .iter()
            .position(|x| x.workload == w.slug)
            .map(|i| dibs.remove(i));
        let st = status
            .iter()
            .position(|x| x.workload == w.slug)
            .map(|i| status.remove(i));
        let note = intents
            .iter()
            .find(|(wl, _)| *wl == w.slug)
            .map(|(_, text)| text.clone());
        if d.is_some() || st.is_some() || note.is_some() {
            out.push(WorkloadView {
                workload: w.slug.clone(),
                dibs: d,
                status: st,
                intent_note: note,
            });
        }
    }
    Ok(out)
}

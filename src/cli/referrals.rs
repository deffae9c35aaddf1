//! `ftc referrals --mpn ID`: the Referrals tab of seed 002: the tenants
//! assigned to a partner (`frp-referral` to it, or `frp-engaged` with it),
//! with their RFA, the day of the assignment, the active usage (AU%) at
//! that time, contacts and notes.

use crate::cli::cadence::Current;
use crate::cli::contact::ContactView;
use crate::cli::Ctx;
use crate::domain::contact::parse_mpn;
use crate::domain::usage::{active_usage, latest, round1};
use crate::error::Result;
use crate::render::{self, Columns};
use crate::store::notes::{list_notes, NoteFilter};
use crate::store::rfas::tenant_rfas;
use crate::store::sql::Db;
use crate::store::tenants::get_tenant;
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ReferralsArgs {
    /// The partner (MPN ID)
    #[arg(long, value_name = "ID", value_parser = parse_mpn)]
    pub mpn: String,
}

/// A note as the referral lists it.
#[derive(Debug, Serialize)]
pub struct ReferralNote {
    pub created_on: String,
    pub kind: String,
    pub text: String,
    pub author: String,
}

/// One tenant assigned to the partner.
#[derive(Debug, Serialize)]
pub struct Referral {
    pub domain: String,
    pub tenant_id: Option<String>,
    /// `frp-referral` or `frp-engaged`.
    pub option: String,
    /// The tenant's latest RFA, when it has one.
    pub rfa_id: Option<String>,
    pub rfa_workloads: Vec<String>,
    pub assigned_on: String,
    /// Active usage across workloads at the time of the assignment (the
    /// latest month of each workload up to then), `null` when unknown.
    pub au_percent: Option<f64>,
    /// Why `au_percent` is `null`.
    pub au_note: Option<String>,
    pub contacts: Vec<ContactView>,
    pub notes: Vec<ReferralNote>,
}

/// The table's row: counts for the lists.
#[derive(Debug, Serialize)]
struct Row<'a> {
    domain: &'a str,
    tenant_id: Option<&'a str>,
    option: &'a str,
    rfa_id: Option<&'a str>,
    rfa_workloads: &'a [String],
    assigned_on: &'a str,
    au_percent: String,
    contacts: usize,
    notes: usize,
}

pub const COLUMNS: Columns = Columns {
    keys: &[
        "domain",
        "tenant_id",
        "option",
        "rfa_id",
        "rfa_workloads",
        "assigned_on",
        "au_percent",
        "au_note",
        "contacts",
        "notes",
    ],
    table: &[
        ("domain", "domain"),
        ("tenant ID", "tenant_id"),
        ("option", "option"),
        ("RFA", "rfa_id"),
        ("RFA workloads", "rfa_workloads"),
        ("assigned", "assigned_on"),
        ("AU%", "au_percent"),
        ("contacts", "contacts"),
        ("notes", "notes"),
    ],
    flex: 4,
};

/// The tenants ever assigned to `mpn` (an `frp-referral` to it, or
/// `frp-engaged` while it was listed as a partner): the candidates, whose
/// standing then says whether that assignment is the one in force.
fn ever_assigned_to(conn: Db<'_>, mpn: &str) -> Result<Vec<i64>> {
    conn.all(
        "SELECT DISTINCT a.tenant_id FROM assignments a
         WHERE (a.option = 'frp-referral' AND a.frp_mpn = ?1)
            OR (a.option = 'frp-engaged'
                AND EXISTS (SELECT 1 FROM partners p WHERE p.tenant_id = a.tenant_id AND p.mpn = ?1))
         ORDER BY a.tenant_id",
        crate::args![mpn],
        |r| r.get(0),
    )
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ReferralsArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let read = store.read()?;
    let mut found = Vec::new();
    for id in ever_assigned_to(read.db(), &a.mpn)? {
        let Some(t) = get_tenant(&read, id)? else {
            continue;
        };
        let cur = Current::load(read.db(), ctx, t)?;
        // The assignment in force is to this partner: a referral to it, or
        // its engagement as the tenant's partner.
        let Some(asg) = cur.assigned() else {
            continue;
        };
        let ours = match asg.option.as_str() {
            "frp-referral" => asg.frp_mpn.as_deref() == Some(a.mpn.as_str()),
            "frp-engaged" => cur
                .partner()
                .is_some_and(|p| p.mpn == a.mpn && p.is_engaged()),
            _ => false,
        };
        if ours {
            let (option, on) = (asg.option.clone(), asg.on);
            found.push((cur, option, on));
        }
    }
    found.sort_by_key(|(cur, _, on)| (*on, cur.tenant.id));
    let mut list = Vec::new();
    for (cur, option, on) in found {
        let t = &cur.tenant;
        let id = t.id;
        let on = on.to_string();
        let rfa = tenant_rfas(&read, id)?.into_iter().next();
        let months = crate::store::usage::months(&read, id, None)?;
        let au = active_usage(&latest(&months, Some(&on[..7])));
        list.push(Referral {
            domain: t.domain.clone(),
            tenant_id: t.tenant_id.clone(),
            option,
            rfa_id: rfa.as_ref().map(|r| r.id.clone()),
            rfa_workloads: rfa.map(|r| r.workloads).unwrap_or_default(),
            assigned_on: on,
            au_percent: au.map(round1),
            au_note: au
                .is_none()
                .then(|| "no usage known up to the assignment: see the FRP Dashboard".to_string()),
            contacts: cur.stored.contacts.iter().map(ContactView::of).collect(),
            notes: list_notes(&read, id, &NoteFilter::default())?
                .into_iter()
                .map(|n| ReferralNote {
                    created_on: n.created_on,
                    kind: n.kind,
                    text: n.text,
                    author: n.author,
                })
                .collect(),
        });
    }
    if ctx.is_table() {
        let rows: Vec<Row> = list
            .iter()
            .map(|r| Row {
                domain: &r.domain,
                tenant_id: r.tenant_id.as_deref(),
                option: &r.option,
                rfa_id: r.rfa_id.as_deref(),
                rfa_workloads: &r.rfa_workloads,
                assigned_on: &r.assigned_on,
                au_percent: r
                    .au_percent
                    .map_or("unknown (FRP Dashboard)".into(), |p| format!("{p:.1}")),
                contacts: r.contacts.len(),
                notes: r.notes.len(),
            })
            .collect();
        return render::list(out, ctx.style, &rows, &COLUMNS);
    }
    render::list(out, ctx.style, &list, &COLUMNS)
}

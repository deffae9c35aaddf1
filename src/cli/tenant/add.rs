//! `ftc tenant add`: a tenant by hand, with the duplicate-customer check.

use super::TenantView;
use crate::cli::Ctx;
use crate::domain::feed::check_name;
use crate::domain::names::{Reason, DEFAULT_THRESHOLD};
use crate::domain::tenant::Source;
use crate::domain::values::{
    parse_domain, parse_guid, parse_region, parse_seats, parse_tpid, Region,
};
use crate::error::{invalid, refused, Result};
use crate::render::{self, Columns};
use crate::store::customers::{get_customer_by_tpid, insert_customer};
use crate::store::history::record;
use crate::store::sql::Db;
use crate::store::tenants::{
    customer_fms, get_tenant, get_tenant_by_domain, get_tenant_by_tenant_id, insert_tenant,
    tenants_of_customer, NewTenant,
};
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The tenant's domain (contoso.onmicrosoft.com)
    #[arg(long, value_parser = parse_domain)]
    pub domain: String,
    /// The customer's name
    #[arg(long, value_name = "NAME")]
    pub customer: String,
    /// The customer's TPID: a known TPID joins that customer
    #[arg(long, value_parser = parse_tpid)]
    pub tpid: Option<i64>,
    /// The tenant ID (GUID)
    #[arg(long, value_parser = parse_guid, value_name = "GUID")]
    pub tenant_id: Option<String>,
    /// americas, emea or apj (amer and apac accepted)
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    /// Paid seats of eligible plans
    #[arg(long, value_parser = parse_seats, allow_negative_numbers = true)]
    pub seats: Option<i64>,
    /// Where the record comes from; `exception` is eligible whatever its seats
    #[arg(long, value_enum, default_value = "exception")]
    pub source: Source,
    /// The FastTrack Manager [default: the customer's FM, else you]
    #[arg(long, value_name = "NAME")]
    pub fm: Option<String>,
    /// The customer has a named account manager (the default)
    #[arg(long, conflicts_with = "unmanaged")]
    pub managed: bool,
    /// The customer is reached through partner managers only
    #[arg(long)]
    pub unmanaged: bool,
    /// An existing tenant handed back for another look
    #[arg(long)]
    pub goback: bool,
    /// The country of the customer
    #[arg(long)]
    pub country: Option<String>,
    /// Add as a new customer even when the name looks like an existing one
    #[arg(long, conflicts_with = "same_customer")]
    pub force: bool,
    /// Add to this existing customer: its TPID, its exact name, or the
    /// domain of one of its tenants
    #[arg(long, value_name = "TPID|NAME|DOMAIN")]
    pub same_customer: Option<String>,
}

/// A possible duplicate, as printed when the check refuses.
#[derive(Debug, Serialize)]
pub struct Candidate {
    pub domain: Option<String>,
    pub customer: String,
    pub tpid: Option<i64>,
    pub fm: Option<String>,
    pub score: f64,
    pub reason: Reason,
    /// The words found in both names (a typo as `a~b`).
    pub matched: Vec<String>,
    /// The words of either name not found in the other.
    pub differed: Vec<String>,
    /// The same, in words.
    pub why: String,
}

const CANDIDATE_COLUMNS: Columns = Columns {
    keys: &[
        "domain", "customer", "tpid", "fm", "score", "reason", "matched", "differed", "why",
    ],
    table: &[
        ("domain", "domain"),
        ("customer", "customer"),
        ("tpid", "tpid"),
        ("fm", "fm"),
        ("score", "score"),
        ("reason", "reason"),
        ("why", "why"),
    ],
    flex: 6,
};

/// Which customer the new tenant joins, and why.
enum Join {
    Existing {
        id: i64,
        name: String,
        why: &'static str,
    },
    New,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: AddArgs) -> Result<()> {
    let customer = check_name(&a.customer).map_err(|e| invalid(format!("--customer: {e}")))?;
    if let Some(fm) = &a.fm {
        if fm.trim().is_empty() {
            return Err(invalid("--fm: empty name").into());
        }
    }
    let mut store = ctx.open_store()?;
    let tx = store.write()?;

    if let Some(t) = get_tenant_by_domain(&tx, &a.domain)? {
        return Err(refused(format!(
            "tenant {} exists already (customer {})",
            t.domain, t.customer
        ))
        .with_hint(format!(
            "`ftc tenant show {}` shows it; `ftc tenant set` changes it",
            t.domain
        ))
        .into());
    }
    if let Some(guid) = &a.tenant_id {
        if let Some(t) = get_tenant_by_tenant_id(&tx, guid)? {
            return Err(
                refused(format!("tenant ID {guid} belongs to {} already", t.domain)).into(),
            );
        }
    }

    let join = choose_customer(tx.db(), &a, &customer, out, ctx)?;
    let (customer_id, new_customer) = match &join {
        Join::Existing { id, .. } => (*id, false),
        Join::New => (insert_customer(&tx, &customer, a.tpid)?, true),
    };

    let mut notes = Vec::new();
    let inherited = if new_customer {
        Vec::new()
    } else {
        customer_fms(&tx, customer_id)?
    };
    let fm = match (&a.fm, inherited.first()) {
        (Some(fm), Some(theirs)) if fm != theirs => {
            notes.push(format!("note: FM {theirs} is working this customer already; the new tenant goes to {fm} as asked"));
            fm.clone()
        }
        (Some(fm), _) => fm.clone(),
        (None, Some(theirs)) => {
            notes.push(format!("note: FM {theirs} is working this customer already; the new tenant goes to {theirs}"));
            theirs.clone()
        }
        (None, None) => ctx.actor.clone(),
    };
    if a.source != Source::Exception && a.seats.is_none() {
        notes.push(format!(
            "warning: no --seats given: a {} tenant is ineligible until its seats are set",
            a.source
        ));
    }

    let id = insert_tenant(
        &tx,
        &NewTenant {
            tenant_id: a.tenant_id.as_deref(),
            domain: &a.domain,
            customer_id,
            region: a.region,
            seats: a.seats,
            country: a.country.as_deref(),
            source: a.source,
            fm: Some(&fm),
            managed: !a.unmanaged,
            goback_on: a.goback.then_some(ctx.today),
            added_on: ctx.today,
        },
    )?;
    let joined = match &join {
        Join::Existing { name, why, .. } => format!("joined customer {name} ({why})"),
        Join::New => format!("new customer {customer}"),
    };
    let seats = a
        .seats
        .map_or("seats unknown".to_string(), |s| format!("{s} seats"));
    record(
        &tx,
        &ctx.stamp(),
        Some(id),
        "tenant.add",
        &format!(
            "added ({}, {seats}, FM {fm}{}); {joined}",
            a.source,
            if a.goback { ", GoBack" } else { "" }
        ),
    )?;
    let t = get_tenant(&tx, id)?.ok_or_else(|| anyhow::anyhow!("tenant vanished after insert"))?;
    tx.commit()?;

    for n in notes {
        ctx.say(&n);
    }
    ctx.say(&format!("added {} ({joined})", t.domain));
    render::one(out, ctx.style, &TenantView::of(&t, ctx))
}

fn choose_customer(
    tx: Db<'_>,
    a: &AddArgs,
    customer: &str,
    out: &mut dyn Write,
    ctx: &Ctx,
) -> Result<Join> {
    if let Some(target) = &a.same_customer {
        if let (Ok(tpid), Some(given)) = (target.trim().parse::<i64>(), a.tpid) {
            if given != tpid {
                return Err(invalid(format!(
                    "--tpid {given} and --same-customer {tpid} name different customers"
                ))
                .into());
            }
        }
        let found = crate::cli::customer::find_customer(tx, target)?;
        return Ok(Join::Existing {
            id: found.id,
            name: found.name,
            why: "--same-customer",
        });
    }
    if let Some(tpid) = a.tpid {
        if let Some(c) = get_customer_by_tpid(tx, tpid)? {
            return Ok(Join::Existing {
                id: c.id,
                name: c.name,
                why: "same TPID",
            });
        }
    }
    if a.force {
        return Ok(Join::New);
    }
    let matches = crate::cli::customer::similar_customers(tx, customer, DEFAULT_THRESHOLD)?;
    if matches.is_empty() {
        return Ok(Join::New);
    }
    let mut rows = Vec::new();
    for (c, m) in &matches {
        let tenants = tenants_of_customer(tx, c.id)?;
        let row = |domain: Option<String>, fm: Option<String>| Candidate {
            domain,
            customer: c.name.clone(),
            tpid: c.tpid,
            fm,
            score: m.score,
            reason: m.reason,
            matched: m.matched.clone(),
            differed: m.differed.clone(),
            why: m.why(),
        };
        if tenants.is_empty() {
            rows.push(row(None, None));
        }
        for t in tenants {
            rows.push(row(Some(t.domain), t.fm));
        }
    }
    render::list(out, ctx.style, &rows, &CANDIDATE_COLUMNS)?;
    // Name the best candidate so that `--same-customer` finds exactly it:
    // its TPID, else the domain of one of its tenants when its name is
    // shared, else its name.
    let first = &matches[0].0;
    let shared_name = matches
        .iter()
        .filter(|(c, _)| c.name.eq_ignore_ascii_case(&first.name))
        .count()
        > 1;
    let same = match (first.tpid, shared_name) {
        (Some(t), _) => format!("--same-customer {t}"),
        (None, true) => match tenants_of_customer(tx, first.id)?.into_iter().next() {
            Some(t) => format!("--same-customer {}", t.domain),
            None => format!("--same-customer '{}'", first.name),
        },
        (None, false) => format!("--same-customer '{}'", first.name),
    };
    Err(refused(format!(
        "customer '{customer}' looks like {} existing customer{}; nothing was added",
        matches.len(),
        if matches.len() == 1 { "" } else { "s" }
    ))
    .with_hint(if matches.len() == 1 {
        format!("add it to that customer with {same}, or as a new customer with --force")
    } else {
        format!("add it to the first of them with {same}, or as a new customer with --force")
    })
    .into())
}

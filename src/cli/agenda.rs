//! `ftc agenda`: what is due on or before today (+N days): contact steps,
//! pause ends, and FTA requests waiting for an architect.

use super::cadence::bulk::Bulk;
use super::cadence::current::{Fresh, FreshSteps, NextStepView};
use super::cadence::Current;
use super::Ctx;
use crate::domain::assignment;
use crate::domain::cadence::{Party, Step};
use crate::domain::standing::{nobody_on_file, recipients};
use crate::domain::tenant::is_eligible;
use crate::domain::tenant::same_fm;
use crate::domain::values::{parse_region, Region};
use crate::error::Result;
use crate::render::ics::Event;
use crate::render::{self, Cells, Columns, Format};
use crate::store::cadence::pauses_ending;
use crate::store::fta::pending_requests;
use crate::store::notes::next_actions_due;
use crate::store::suspects::open_suspects;
use crate::store::tenants::{
    agenda_tenants, count_tenants, get_tenant, list_tenants, ReadyFacts, TenantFilter, TenantsById,
};
use crate::store::Scope;
use chrono::{Days, NaiveDate};
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// Only this FM's tenants
    #[arg(long, value_name = "NAME")]
    pub fm: Option<String>,
    /// Only this region
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    /// Also what falls due in the next N days
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub days: u32,
}

/// One agenda item.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub domain: String,
    pub fm: Option<String>,
    pub kind: &'static str,
    pub party: Option<Party>,
    pub attempt: Option<u32>,
    pub due_on: NaiveDate,
    /// Calendar days from `due_on` to today: 0 today, negative when upcoming.
    pub overdue_days: i64,
    pub detail: String,
    #[serde(skip)]
    seats: i64,
    /// For the calendar: what tells this item from the tenant's others of
    /// its kind (a contact's party and attempt, an FTA request's number).
    #[serde(skip)]
    key: Option<String>,
    /// For the calendar, a contact's template and every recipient: (to, cc).
    #[serde(skip)]
    mail: Option<Box<Mail>>,
}

/// A contact item's e-mail, as the calendar describes it.
#[derive(Debug, Clone)]
pub struct Mail {
    pub template: &'static str,
    pub to: Vec<String>,
    pub cc: Vec<String>,
}

pub const COLUMNS: Columns = Columns {
    keys: &[
        "domain",
        "fm",
        "kind",
        "party",
        "attempt",
        "due_on",
        "overdue_days",
        "detail",
    ],
    table: &[
        ("due", "due_on"),
        ("late", "overdue_days"),
        ("kind", "kind"),
        ("domain", "domain"),
        ("fm", "fm"),
        ("what", "detail"),
    ],
    flex: 5,
};

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: AgendaArgs) -> Result<()> {
    let items = collect(ctx, &a)?;
    if ctx.style.format == Format::Ics {
        let events: Vec<Event> = items.iter().map(|i| i.event(ctx.today)).collect();
        let name = match &a.fm {
            Some(fm) => format!("ftc agenda: {fm}"),
            None => "ftc agenda".to_string(),
        };
        render::ics::write(out, &name, &events, chrono::Utc::now())?;
        return Ok(());
    }
    render::list_cells(out, ctx.style, &items, &COLUMNS, Item::cells)
}

impl Item {
    /// The item as a calendar event: on its due date, or today when that
    /// has passed (an overdue item is today's work; its description says
    /// since when). The UID names the item's kind, tenant and key, so the
    /// same thing to do keeps its event from one export to the next.
    pub fn event(&self, today: NaiveDate) -> Event {
        let mut uid = format!("{}.", self.kind);
        if let Some(k) = &self.key {
            uid.push_str(k);
            uid.push('.');
        }
        uid.push_str(&self.domain.to_ascii_lowercase());
        uid.push_str("@ftc");
        let mut description = format!("Tenant: {}\n", self.domain);
        if let Some(fm) = &self.fm {
            description.push_str(&format!("FM: {fm}\n"));
        }
        match &self.mail {
            Some(m) => {
                description.push_str(&format!("Template: {}", m.template));
                if let (Some(p), Some(n)) = (self.party, self.attempt) {
                    description.push_str(&format!(" (the {}, attempt {n})", p.words()));
                }
                description.push('\n');
                description.push_str(&format!("To: {}\n", m.to.join(", ")));
                if !m.cc.is_empty() {
                    description.push_str(&format!("Cc: {}\n", m.cc.join(", ")));
                }
            }
            None => description.push_str(&format!("{}: {}\n", self.kind, self.detail)),
        }
        description.push_str(&format!("Due: {}", self.due_on));
        match self.overdue_days {
            1 => description.push_str(" (1 day overdue)"),
            n if n > 1 => description.push_str(&format!(" ({n} days overdue)")),
            _ => {}
        }
        Event {
            uid,
            day: self.due_on.max(today),
            summary: match self.kind {
                "contact" | "pause-ends" => format!("{}: {}", self.domain, self.detail),
                "next-action" => format!("{}: next action: {}", self.domain, self.detail),
                "fta" => format!("{}: FTA {}", self.domain, self.detail),
                kind => format!("{}: {kind} {}", self.domain, self.detail),
            },
            description,
            categories: vec!["ftc".to_string(), self.kind.to_string()],
        }
    }

    /// The table's cells, `COLUMNS.table` in order: what `render::list`
    /// would read from the serialized item, without serializing it.
    fn cells(&self, row: &mut Cells) {
        row.push_date(self.due_on);
        row.push_display(self.overdue_days);
        row.push(self.kind);
        row.push(&self.domain);
        row.push(self.fm.as_deref().unwrap_or(""));
        row.push(&self.detail);
    }
}

/// The last day the agenda looks at: today + `days`, at most 9999-12-31 (dates
/// are compared as `YYYY-MM-DD` text, so a later year would sort wrong; a
/// huge `--days` means everything to come, not nothing).
fn horizon(today: NaiveDate, days: u32) -> NaiveDate {
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    today
        .checked_add_days(Days::new(u64::from(days)))
        .map_or(last, |d| d.min(last))
}

/// The `assign` item of a tenant whose one next step is an assignment to
/// apply: due the day it became ready.
fn assign_item(ctx: &Ctx, cur: &Current) -> Option<Item> {
    let (_, due) = cur.standing.assign()?;
    let view = NextStepView::of(&cur.standing, cur.tenant.region);
    Some(Item {
        domain: cur.tenant.domain.clone(),
        fm: cur.tenant.fm.clone(),
        kind: "assign",
        party: None,
        attempt: None,
        due_on: due,
        overdue_days: (ctx.today - due).num_days(),
        detail: view
            .what
            .strip_prefix("assign ")
            .unwrap_or(&view.what)
            .to_string(),
        seats: cur.tenant.seats.unwrap_or(0),
        key: None,
        mail: None,
    })
}

/// The detail of a step with nobody to write to: a long agenda has
/// thousands, of a handful of templates, so each is made once. Measured at
/// 10,000 items: about 0.8 ms (5%) of the agenda, which sits within a few
/// percent of SPEC 5's bar (ten times faster than `task next`) on the
/// 2-core machine, so it stays.
fn no_contact(step: &Step) -> String {
    thread_local! {
        static MADE: std::cell::RefCell<Vec<(&'static str, String)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    MADE.with_borrow_mut(|made| {
        if let Some((_, d)) = made.iter().find(|(t, _)| *t == step.template) {
            return d.clone();
        }
        let d = format!("{} ({})", step.template, nobody_on_file(step.party));
        made.push((step.template, d.clone()));
        d
    })
}

/// Who an item is about.
struct About {
    domain: String,
    fm: Option<String>,
    seats: Option<i64>,
}

/// The `contact` item of a tenant whose one next step is a contact due by
/// the horizon (`to`: whom to write to).
fn contact_item(
    ctx: &Ctx,
    horizon: NaiveDate,
    step: Option<&Step>,
    to: &[String],
    cc: Option<&[String]>,
    about: About,
) -> Option<Item> {
    let step = step.filter(|s| s.due_on <= horizon)?;
    let detail = match to {
        [] => no_contact(step),
        [one] => format!("{} to {one}", step.template),
        [first, rest @ ..] => format!("{} to {first} +{}", step.template, rest.len()),
    };
    Some(Item {
        domain: about.domain,
        fm: about.fm,
        kind: "contact",
        party: Some(step.party),
        attempt: Some(step.attempt),
        due_on: step.due_on,
        overdue_days: (ctx.today - step.due_on).num_days(),
        detail,
        seats: about.seats.unwrap_or(0),
        key: Some(format!("{}-{}", step.party.as_str(), step.attempt)),
        mail: cc.map(|cc| {
            Box::new(Mail {
                template: step.template,
                to: to.to_vec(),
                cc: cc.to_vec(),
            })
        }),
    })
}

/// A tenant's one next step as agenda items: an assignment to apply, or
/// a contact due by the horizon (`calendar`: with every recipient).
fn next_step_items(
    ctx: &Ctx,
    horizon: NaiveDate,
    calendar: bool,
    cur: &Current,
) -> impl Iterator<Item = Item> {
    let contact = cur.standing.contact().and_then(|c| {
        contact_item(
            ctx,
            horizon,
            Some(&c.step),
            &c.to,
            calendar.then_some(c.cc.as_slice()),
            About {
                domain: cur.tenant.domain.clone(),
                fm: cur.tenant.fm.clone(),
                seats: cur.tenant.seats,
            },
        )
    });
    assign_item(ctx, cur).into_iter().chain(contact)
}

/// The agenda's items, oldest first, then larger tenants first.
pub fn collect(ctx: &Ctx, a: &AgendaArgs) -> Result<Vec<Item>> {
    let store = ctx.open_store()?;
    // A small page cache: the agenda reads the tenants once, in order,
    // and a few of them again by ID; a larger cache is memory to allocate
    // and fill for nothing (a tenth of the time of a long agenda).
    store.conn.pragma_update(None, "cache_size", -256)?;
    // One read transaction: a consistent view, and one file lock instead of
    // one per statement (thousands of them on a long agenda).
    let read = store.read()?;
    let db = read.db();
    let horizon = horizon(ctx.today, a.days);
    // The calendar lists every recipient of a contact; the other formats
    // the first (measured: copying them all costs a long agenda time).
    let calendar = ctx.style.format == Format::Ics;
    // Room for an item a tenant, made once: growing a long list moves it
    // into new memory again and again.
    let mut items = Vec::with_capacity(count_tenants(db, a.fm.as_deref())?);
    // Every tenant's facts in a few reads (one FM's, with --fm).
    let scope = Scope::of(a.fm.as_deref());
    let mut bulk = Bulk::load(db, ctx, scope, true)?;
    let facts = bulk.readiness_facts();
    let Some(conn) = db.sqlite() else {
        // The team server: every tenant in scope, read whole, and its
        // standing decided (the file's tuned reading below is SQLite's).
        let filter = TenantFilter {
            region: a.region,
            fm: a.fm.clone(),
            ..Default::default()
        };
        for tenant in list_tenants(db, &filter)? {
            let cur = bulk.current(db, ctx, tenant)?;
            items.extend(next_step_items(ctx, horizon, calendar, &cur));
        }
        return others(ctx, a, db, horizon, items);
    };
    // The tenants with a contact step that may be due, and those that may
    // be ready for an assignment (each decided by the rules), read once.
    let mut by_id = TenantsById::new(conn)?;
    let mut fresh_steps = FreshSteps::default();
    let (min_seats, reactive_max_seats) = (
        ctx.config.eligibility.min_seats,
        ctx.config.assignment.reactive_max_seats,
    );
    let may_be_ready = |t: &ReadyFacts| {
        assignment::may_be_ready(
            is_eligible(t.source, t.seats, min_seats),
            t.flagged,
            t.seats,
            reactive_max_seats,
            || !facts.is_empty() && facts.contains(&t.id),
        )
    };
    agenda_tenants(
        conn,
        horizon,
        a.fm.as_deref(),
        a.region,
        may_be_ready,
        |row| {
            if row.ready || row.goback || bulk.has_facts(row.id) {
                // The whole tenant and everything stored about it.
                let Some(tenant) = by_id.get(row.id)? else {
                    return Ok(());
                };
                let cur = bulk.current(db, ctx, tenant)?;
                items.extend(next_step_items(ctx, horizon, calendar, &cur));
            } else if row.due {
                // Nothing stored but its row and contacts: a few columns say
                // where it stands.
                let contacts = bulk.take_contacts(row.id);
                let fresh = Fresh {
                    source: row.source,
                    seats: row.seats,
                    managed: row.managed,
                    region: row.region,
                    added_on: row.added_on,
                    contacts: &contacts,
                };
                let (_, next) = fresh_steps.get(ctx, &fresh)?;
                let (to, cc) = next
                    .as_ref()
                    .map(|step| recipients(&contacts, &[], step))
                    .unwrap_or_default();
                items.extend(contact_item(
                    ctx,
                    horizon,
                    next.as_ref(),
                    &to,
                    calendar.then_some(cc.as_slice()),
                    About {
                        domain: row.domain,
                        fm: row.fm,
                        seats: row.seats,
                    },
                ));
            }
            Ok(())
        },
    )?;
    others(ctx, a, db, horizon, items)
}

/// A suspicion's words as the check says them (" (same: ...; differ:
/// ...)"), from the lists stored already joined; empty when none were.
fn suspect_words(matched: &str, differed: &str) -> String {
    fn list(s: &str) -> Vec<&str> {
        if s.is_empty() {
            Vec::new()
        } else {
            vec![s]
        }
    }
    let why = crate::domain::names::why_in_words(&list(matched), &list(differed));
    if why.is_empty() {
        why
    } else {
        format!(" ({why})")
    }
}

/// The items that are not a tenant's next step: pause ends, notes' next
/// actions, suspected duplicates, FTA requests; then all in order.
fn others(
    ctx: &Ctx,
    a: &AgendaArgs,
    db: crate::store::sql::Db,
    horizon: NaiveDate,
    mut items: Vec<Item>,
) -> Result<Vec<Item>> {
    for (tenant_id, p) in pauses_ending(db, ctx.today, horizon)? {
        let Some(t) = get_tenant(db, tenant_id)? else {
            continue;
        };
        if a.fm
            .as_deref()
            .is_some_and(|f| !same_fm(Some(f), t.fm.as_deref()))
        {
            continue;
        }
        if a.region.is_some() && t.region != a.region {
            continue;
        }
        items.push(Item {
            domain: t.domain.clone(),
            fm: t.fm.clone(),
            kind: "pause-ends",
            party: None,
            attempt: None,
            due_on: p.pause.until,
            overdue_days: (ctx.today - p.pause.until).num_days(),
            detail: format!(
                "pause at the {}'s request ends: {}",
                p.requested_by.replace('-', " "),
                p.reason
            ),
            seats: t.seats.unwrap_or(0),
            key: None,
            mail: None,
        });
    }
    // The tenant's current next action (its latest one), once its date comes.
    // (Notes are not for a reader the server keeps from personal data.)
    let due = if db.may_read_personal() {
        next_actions_due(db, horizon, a.fm.as_deref(), a.region)?
    } else {
        Vec::new()
    };
    for n in due {
        items.push(Item {
            domain: n.domain,
            fm: n.fm,
            kind: "next-action",
            party: None,
            attempt: None,
            due_on: n.next_date,
            overdue_days: (ctx.today - n.next_date).num_days(),
            detail: match &n.next_owner {
                Some(owner) => format!("{} ({owner})", n.next_action),
                None => n.next_action,
            },
            seats: n.seats.unwrap_or(0),
            key: None,
            mail: None,
        });
    }
    // Suspected duplicates a feed brought in, on the agenda of the FM who
    // works the customer they look like, until resolved.
    for x in open_suspects(db)? {
        if x.on > horizon {
            continue;
        }
        if a.fm
            .as_deref()
            .is_some_and(|f| !same_fm(Some(f), x.fm.as_deref()))
        {
            continue;
        }
        if a.region
            .is_some_and(|r| x.region.as_deref() != Some(r.as_str()))
        {
            continue;
        }
        items.push(Item {
            domain: x.domain,
            fm: x.fm,
            kind: "duplicate",
            party: None,
            attempt: None,
            due_on: x.on,
            overdue_days: (ctx.today - x.on).num_days(),
            detail: format!(
                "customer {} looks like {} (TPID {}): {} {}{}",
                x.customer,
                x.matched_customer,
                x.matched_tpid.map_or("unknown".into(), |t| t.to_string()),
                x.reason,
                x.score,
                suspect_words(&x.matched, &x.differed)
            ),
            seats: x.seats.unwrap_or(0),
            // A tenant may look like more than one customer.
            key: Some(x.customer_id.to_string()),
            mail: None,
        });
    }
    // FTA requests waiting for an architect, due by the horizon.
    for r in pending_requests(db, horizon)? {
        if a.region.is_some() && r.region != a.region {
            continue;
        }
        let t = match &r.tenant {
            Some((id, _)) => get_tenant(db, *id)?,
            None => None,
        };
        // --fm: only requests about a tenant of that FM.
        if a.fm.as_deref().is_some_and(|f| {
            !t.as_ref()
                .and_then(|t| t.fm.as_deref())
                .is_some_and(|x| x.eq_ignore_ascii_case(f))
        }) {
            continue;
        }
        items.push(Item {
            domain: t
                .as_ref()
                .map_or("(no tenant)".to_string(), |t| t.domain.clone()),
            fm: t.as_ref().and_then(|t| t.fm.clone()),
            kind: "fta",
            party: None,
            attempt: None,
            due_on: r.due_on,
            overdue_days: (ctx.today - r.due_on).num_days(),
            detail: format!("{} request from {}", r.kind.as_str(), r.requester),
            seats: t.as_ref().and_then(|t| t.seats).unwrap_or(0),
            key: Some(r.id.to_string()),
            mail: None,
        });
    }
    Ok(put_in_order(items))
}

/// Put the items oldest first, then larger tenants first, then by domain;
/// as they came where all three are the same (a stable sort). The order is
/// found on indexes and each item moved once: sorting the items
/// themselves moves them many times (a tenth of a long agenda's time).
fn put_in_order(items: Vec<Item>) -> Vec<Item> {
    fn key(it: &Item) -> (NaiveDate, std::cmp::Reverse<i64>, &str) {
        (it.due_on, std::cmp::Reverse(it.seats), &it.domain)
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&x, &y| key(&items[x]).cmp(&key(&items[y])));
    let mut slots: Vec<Option<Item>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn table_cells_are_those_of_the_serialized_item() {
        let item = |fm: Option<&str>, party, attempt, due: &str, late, detail: &str| Item {
            domain: "contoso.onmicrosoft.com".into(),
            fm: fm.map(str::to_string),
            kind: "contact",
            party,
            attempt,
            due_on: d(due),
            overdue_days: late,
            detail: detail.into(),
            seats: 12,
            key: None,
            mail: None,
        };
        let items = [
            item(
                Some("fm0"),
                Some(Party::AccountTeam),
                Some(1),
                "2027-07-01",
                8,
                "x",
            ),
            item(None, None, None, "2027-07-12", -3, "pause ends: \"why\""),
            item(
                Some(""),
                Some(Party::Customer),
                Some(3),
                "0999-01-02",
                0,
                "",
            ),
            item(Some("Åsa"), None, None, "9999-12-31", 1 << 40, "é  two"),
            item(None, None, None, "2027-07-01", i64::MIN, "x"),
            item(None, None, None, "2027-07-01", -10, "tab\t"),
        ];
        for it in &items {
            let mut row = Cells::default();
            it.cells(&mut row);
            assert_eq!(row.to_vec(), render::table_cells(it, &COLUMNS).unwrap());
        }
    }

    proptest::proptest! {
        /// The same order as a stable sort of the items by due date, seats
        /// (larger first) and domain.
        #[test]
        fn items_come_in_the_order_of_a_stable_sort(
            raw in proptest::collection::vec(
                (0u32..4, 0i64..3, "(a|ab|abcdefgh|abcdefghi|abcdefghj|b\\.x|é)?", 0u8..255),
                0..40,
            ),
        ) {
            let items: Vec<Item> = raw
                .iter()
                .map(|(day, seats, domain, tag)| Item {
                    domain: domain.clone(),
                    fm: None,
                    kind: "contact",
                    party: None,
                    attempt: None,
                    due_on: d("2027-07-01") + Days::new(u64::from(*day)),
                    overdue_days: 0,
                    detail: tag.to_string(),
                    seats: *seats,
                    key: None,
                    mail: None,
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by(|x, y| {
                x.due_on
                    .cmp(&y.due_on)
                    .then(y.seats.cmp(&x.seats))
                    .then(x.domain.cmp(&y.domain))
            });
            let items = put_in_order(items);
            let id = |v: &[Item]| -> Vec<(NaiveDate, i64, String, String)> {
                v.iter()
                    .map(|i| (i.due_on, i.seats, i.domain.clone(), i.detail.clone()))
                    .collect()
            };
            proptest::prop_assert_eq!(id(&items), id(&expected));
        }
    }

    #[test]
    fn the_horizon_is_today_plus_days_capped_at_year_9999() {
        assert_eq!(horizon(d("2027-07-01"), 0), d("2027-07-01"));
        assert_eq!(horizon(d("2027-07-01"), 4), d("2027-07-05"));
        // Past chrono's range, or past year 9999: the last day of 9999,
        // never today.
        assert_eq!(horizon(d("2027-07-01"), u32::MAX), d("9999-12-31"));
        assert_eq!(horizon(d("2027-07-01"), 50_000_000), d("9999-12-31"));
    }
}

//! Every pair of customers that look like the same organisation, without an
//! all-pairs loop: names are grouped by blocking key and compared only
//! within a group (see `names` for the keys and the similarity).

use super::names::{compare, NameKeys, Reason};
use std::collections::{HashMap, HashSet};

/// A customer as the pair finder sees it.
pub struct Named<'a> {
    pub id: i64,
    pub keys: &'a NameKeys,
}

/// A pair found: indexes into the input, the score and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub score: f64,
    pub reason: Reason,
}

/// Find the pairs at or above `threshold` (acronyms always count).
pub fn find_pairs(items: &[Named], threshold: f64) -> Vec<Pair> {
    let mut blocks: HashMap<(u8, &str), Vec<usize>> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let k = it.keys;
        if k.norm.is_empty() {
            continue;
        }
        blocks.entry((0, k.norm.as_str())).or_default().push(i);
        blocks.entry((1, k.prefix.as_str())).or_default().push(i);
        blocks.entry((2, k.suffix.as_str())).or_default().push(i);
        // Acronyms: a one-word name meets the names whose initials it is.
        if let Some(ini) = &k.initials {
            blocks.entry((3, ini.as_str())).or_default().push(i);
        }
        if k.is_single_word() {
            blocks.entry((3, k.norm.as_str())).or_default().push(i);
        }
    }
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut pairs = Vec::new();
    let mut groups: Vec<&Vec<usize>> = blocks.values().filter(|g| g.len() > 1).collect();
    // Deterministic output whatever the hash order.
    groups.sort_by_key(|g| g[0]);
    for g in groups {
        for (x, &i) in g.iter().enumerate() {
            for &j in &g[x + 1..] {
                let key = (i.min(j), i.max(j));
                if items[i].id == items[j].id || !seen.insert(key) {
                    continue;
                }
                if let Some((score, reason)) = compare(items[key.0].keys, items[key.1].keys, threshold) {
                    pairs.push(Pair { a: key.0, b: key.1, score, reason });
                }
            }
        }
    }
    pairs.sort_by(|p, q| q.score.total_cmp(&p.score).then(p.a.cmp(&q.a)).then(p.b.cmp(&q.b)));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_reason_once() {
        let names = ["Contoso Ltd", "CONTOSO", "Contosso", "International Business Machines", "IBM", "Fabrikam"];
        let keys: Vec<NameKeys> = names.iter().map(|n| NameKeys::of(n)).collect();
        let items: Vec<Named> = keys.iter().enumerate().map(|(i, k)| Named { id: i as i64, keys: k }).collect();
        let pairs = find_pairs(&items, 0.9);
        let got: Vec<(usize, usize, Reason)> = pairs.iter().map(|p| (p.a, p.b, p.reason)).collect();
        assert!(got.contains(&(0, 1, Reason::SameName)), "{got:?}");
        assert!(got.contains(&(0, 2, Reason::SimilarName)), "{got:?}");
        assert!(got.contains(&(3, 4, Reason::Acronym)), "{got:?}");
        assert!(!got.iter().any(|p| p.0 == 5 || p.1 == 5), "{got:?}");
        let unique: HashSet<(usize, usize)> = got.iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(unique.len(), got.len());
    }
}

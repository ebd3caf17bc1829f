//! "Did you mean ...?" suggestions by edit distance.

/// Levenshtein distance, case-insensitive on ASCII (a case-only difference costs 0).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `name`, if it is close enough to be a plausible typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    if name.len() > 64 {
        return None;
    }
    let max = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name || c.len() > 64 {
            continue;
        }
        let d = distance(name, c);
        if d <= max
            && match best {
                None => true,
                Some((bd, _)) => d < bd,
            }
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["Foo0", "Bar", "ECSLogo"];
        assert_eq!(closest("Fo0", names.iter().copied()), Some("Foo0".into()));
        assert_eq!(closest("ecslogo", names.iter().copied()), Some("ECSLogo".into()));
        assert_eq!(closest("Zzzzzz", names.iter().copied()), None);
    }
}

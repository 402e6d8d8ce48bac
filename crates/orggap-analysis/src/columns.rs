//! Levels by columns: a block of people's levels in the skills some duty needs, one skill
//! after another, read from the roster's packed rows eight people at a time.

use orggap_model::{PersonIdx, Roster};

/// Writes the levels of people `first..first + count` in `skills` into `out`: the level of
/// person `first + i` in `skills[c]` at `out[c * width + i]` (`count <= width`).
pub(crate) fn transpose(
    roster: &Roster,
    first: usize,
    count: usize,
    skills: &[usize],
    width: usize,
    out: &mut [u8],
) {
    debug_assert!(count <= width && out.len() >= skills.len() * width);
    let mut start = 0;
    while start < count {
        let eight = (count - start).min(8);
        let rows: [&[u8]; 8] = std::array::from_fn(|k| {
            if k < eight {
                roster
                    .row(PersonIdx::from_usize(first + start + k))
                    .packed()
            } else {
                &[]
            }
        });
        for (c, &s) in skills.iter().enumerate() {
            let (byte, shift) = (s / 2, (s % 2) * 4);
            let mut word = 0u64;
            for (k, row) in rows.iter().enumerate().take(eight) {
                word |= u64::from((row[byte] >> shift) & 0x0f) << (8 * k);
            }
            let at = c * width + start;
            out[at..at + eight].copy_from_slice(&word.to_le_bytes()[..eight]);
        }
        start += eight;
    }
}

#[cfg(test)]
mod tests {
    use orggap_model::{Level, PersonFields, SkillIdx};

    use super::*;

    #[test]
    fn columns_hold_each_persons_level_in_each_skill() {
        let mut roster = Roster::new(7);
        for i in 0..21u8 {
            let name = format!("P{i}");
            let p = roster.add_person(PersonFields {
                name: &name,
                ..PersonFields::default()
            });
            for s in 0..7u8 {
                let level = Level::new((i + s) % 6).expect("a level");
                roster.set_level(p, SkillIdx(u16::from(s)), level);
            }
        }
        let skills = [6, 0, 3];
        let mut out = vec![9u8; skills.len() * 16];
        transpose(&roster, 3, 13, &skills, 16, &mut out);
        for (c, &s) in skills.iter().enumerate() {
            for i in 0..13 {
                assert_eq!(
                    out[c * 16 + i],
                    ((3 + i + s) % 6) as u8,
                    "skill {s} person {i}"
                );
            }
            assert_eq!(out[c * 16 + 13], 9, "past the count, untouched");
        }
    }
}

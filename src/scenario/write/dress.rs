//! Hostile dressing: how a row marked `Hostile` (with `Options::hostile`) gets the corpus of
//! `hostile` in its text columns as it is written. Noise rows are hostile in every column (and
//! before their original keys, so they still never join); story rows only in the columns the hunt
//! does not read.

use crate::scenario::hostile;
use crate::scenario::Hostile;

/// How a row marked `Hostile` is dressed.
#[derive(Clone, Copy)]
pub(super) struct Dress {
    pub(super) row: u32,
    /// A noise row: the columns the hunt reads are hostile too.
    pub(super) all: bool,
    no_nul: bool,
}

impl Dress {
    pub(super) fn of(mark: Hostile, no_nul: bool) -> Option<Dress> {
        match mark {
            Hostile::No => None,
            Hostile::Free(row) => Some(Dress { row, all: false, no_nul }),
            Hostile::All(row) => Some(Dress { row, all: true, no_nul }),
        }
    }

    pub(super) fn pick(&self, column: usize) -> &'static str {
        hostile::pick(self.row, column, self.no_nul)
    }

    /// A column the hunt reads but never joins on: hostile in noise rows only.
    pub(super) fn key<'a>(&self, column: usize, original: &'a str) -> &'a str {
        if self.all {
            self.pick(column)
        } else {
            original
        }
    }

    /// A column the hunt joins or groups on: in noise rows, a hostile value before the original,
    /// so two noise rows stay as different as the originals were and no noise row joins.
    pub(super) fn prefixed<'a>(&self, column: usize, original: &'a str, buf: &'a mut String) -> &'a str {
        if !self.all {
            return original;
        }
        buf.clear();
        buf.push_str(self.pick(column));
        buf.push_str(original);
        buf
    }
}

/// Applies `Dress::pick` to a column when the row is dressed.
pub(super) fn free(dress: Option<Dress>, column: usize, original: &str) -> &str {
    dress.map_or(original, |d| d.pick(column))
}

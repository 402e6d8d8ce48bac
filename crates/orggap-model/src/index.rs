//! Dense indices for skills, roles, responsibilities and people.
//!
//! The analysis works on these indices (into the catalogue's and the roster's vectors) and
//! turns them into ids and names only at the output, so that a million-person roster costs
//! integers, not strings.

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident($int:ty)) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub $int);

        impl $name {
            /// The index as a `usize`, for indexing a vector.
            pub const fn index(self) -> usize {
                self.0 as usize
            }

            /// The index for position `i` of a vector.
            ///
            /// # Panics
            /// When `i` does not fit; the catalogue and roster loaders refuse inputs that large,
            /// so this is a broken invariant, not bad input.
            pub fn from_usize(i: usize) -> Self {
                Self(<$int>::try_from(i).expect(concat!(stringify!($name), " out of range")))
            }
        }
    };
}

index_type!(
    /// Position of a skill in [`crate::Catalogue::skills`].
    SkillIdx(u16)
);
index_type!(
    /// Position of a role in [`crate::Catalogue::roles`].
    RoleIdx(u16)
);
index_type!(
    /// Position of a responsibility in [`crate::Catalogue::responsibilities`].
    RespIdx(u16)
);
index_type!(
    /// Position of a person in a [`crate::Roster`], which is the roster's row order.
    PersonIdx(u32)
);

//! Who acts on a card: the face check for a person alone, the verified person behind a
//! phone's session, and telling a card's people what was done to it.

pub mod card;
pub mod routes;
pub mod store;

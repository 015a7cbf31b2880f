//! 委托领取: the applicant names a delegate to collect the card, revokes them, and the
//! office checks the delegate at the counter; the printable authorisation's QR codes.

pub mod qr;
pub mod routes;
pub mod store;

//! Signed webhooks: subscriptions through the page, deliveries to a receiver on 127.0.0.1
//! (signed, once, retried, failed after 24 hours), several workers, a worker that died
//! holding its lease, and the latency from publish to receiver.

mod delivery;
mod latency;
mod page;
mod receiver;
mod retries;

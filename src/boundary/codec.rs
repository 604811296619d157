//! How messages cross between the page and the worker: `JsCodec` (serde-wasm-bindgen, `File`
//! handles passed through untouched) and `PackedResults`, a `ResultsView` in postcard's bytes.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::view::ResultsView;

/// serde-wasm-bindgen with plain JS objects (not `Map`s), so `File` handles pass through
/// `serde_wasm_bindgen::preserve` untouched, and bytes as one `Uint8Array` (`PackedResults`).
pub struct JsCodec;

impl gloo::worker::Codec for JsCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible().serialize_bytes_as_arrays(false);
        input.serialize(&serializer).expect("worker messages are plain data")
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        serde_wasm_bindgen::from_value(input).expect("worker messages are plain data")
    }
}

/// A `ResultsView` in postcard's bytes, which cross to the page as one `Uint8Array`.
///
/// Why not as JS objects, like the other messages: a busy week's view holds 100,000 marks and
/// their strings, and serde-wasm-bindgen makes a JS object for each field, then the page makes
/// a Rust value of each again.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedResults(pub Vec<u8>);

impl PackedResults {
    pub fn pack(view: &ResultsView) -> PackedResults {
        PackedResults(postcard::to_allocvec(view).expect("a results view is plain data"))
    }

    pub fn unpack(&self) -> Result<ResultsView, String> {
        postcard::from_bytes(&self.0).map_err(|e| format!("the engine's results could not be read: {e}"))
    }
}

impl Serialize for PackedResults {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for PackedResults {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = PackedResults;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the packed results' bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<PackedResults, E> {
                Ok(PackedResults(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<PackedResults, E> {
                Ok(PackedResults(v))
            }
        }
        d.deserialize_byte_buf(Bytes)
    }
}

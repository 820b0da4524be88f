//! An event body as the register stores it: its kind (the serde tag) and
//! its payload (the JSON of its data), and back, read straight from the
//! stored text.

use serde::Deserialize;

use super::EventBody;

/// Errors turning stored parts back into an event body.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("onbekende of beschadigde gebeurtenis '{kind}': {source}")]
    Decode {
        kind: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("gebeurtenis kon niet worden omgezet: {0}")]
    Encode(#[source] serde_json::Error),
    /// The stored payload is no JSON text at all.
    #[error("inhoud is geen geldige JSON: {0}")]
    Payload(#[source] serde_json::Error),
}

/// A stored event as the map serde's adjacently tagged `EventBody` reads:
/// `kind` first (so that serde picks the variant before it reads the data,
/// instead of buffering the data), then `data`, read straight from the
/// stored payload text.
struct Parts<'k, 'de> {
    kind: Option<&'k str>,
    data: Option<&'de str>,
}

impl<'de> serde::de::MapAccess<'de> for Parts<'_, 'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        use serde::de::IntoDeserializer;
        let key = match (self.kind, self.data) {
            (Some(_), _) => "kind",
            (None, Some(_)) => "data",
            (None, None) => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::IntoDeserializer;
        if let Some(kind) = self.kind.take() {
            return seed.deserialize(kind.into_deserializer());
        }
        let data = self.data.take().unwrap_or("{}");
        let mut de = serde_json::Deserializer::from_str(data);
        let value = seed.deserialize(&mut de)?;
        de.end()?;
        Ok(value)
    }
}

impl EventBody {
    /// Splits the body into its kind and its payload, as stored.
    pub fn to_parts(&self) -> Result<(String, serde_json::Value), BodyError> {
        let value = serde_json::to_value(self).map_err(BodyError::Encode)?;
        let serde_json::Value::Object(mut map) = value else {
            return Err(BodyError::Encode(serde::ser::Error::custom("geen object")));
        };
        let kind = match map.remove("kind") {
            Some(serde_json::Value::String(k)) => k,
            _ => return Err(BodyError::Encode(serde::ser::Error::custom("geen soort"))),
        };
        let data = map
            .remove("data")
            .unwrap_or(serde_json::Value::Object(Default::default()));
        Ok((kind, data))
    }

    /// Rebuilds a body from its stored kind and payload text, read once
    /// (no intermediate JSON value): what every reader of the register
    /// uses. Equal to [`EventBody::from_parts`] of the parsed payload.
    pub fn from_stored(kind: &str, payload: &str) -> Result<EventBody, BodyError> {
        let parts = Parts {
            kind: Some(kind),
            data: Some(payload),
        };
        EventBody::deserialize(serde::de::value::MapAccessDeserializer::new(parts)).map_err(
            |source| {
                // A shape error may come before the text is read to its end:
                // whether the payload is JSON at all is asked apart.
                let syntax = serde_json::from_str::<serde::de::IgnoredAny>(payload).err();
                if source.is_syntax() || source.is_eof() {
                    BodyError::Payload(source)
                } else if let Some(syntax) = syntax {
                    BodyError::Payload(syntax)
                } else {
                    BodyError::Decode {
                        kind: kind.to_string(),
                        source,
                    }
                }
            },
        )
    }

    /// Rebuilds a body from its stored kind and payload.
    pub fn from_parts(kind: &str, payload: serde_json::Value) -> Result<EventBody, BodyError> {
        let value = serde_json::json!({ "kind": kind, "data": payload });
        serde_json::from_value(value).map_err(|source| BodyError::Decode {
            kind: kind.to_string(),
            source,
        })
    }
}

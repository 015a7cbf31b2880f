//! The API's JSON, read and written in Rust through the domain's own serde derives.
//!
//! Why not `serde-wasm-bindgen` or `serde_json`: both build an error message for every
//! failure, and that alone pulls serde's whole message machinery into what every phone
//! downloads (each type's "struct X" text, `invalid type: floating point …`, float
//! printing). A failure here is one [`Invalid`] that nobody formats: the page says
//! "系统返回了无法识别的结果" either way. And each `deserialize_*` below calls exactly one
//! visitor method, so only what a type really uses is compiled (a struct is read from
//! an object, never also from an array).
//!
//! The subset is the API's: objects, arrays, strings, integers, booleans, null. The
//! API carries money in integer fen and has no floats, so a number with a fraction or
//! an exponent is refused rather than rounded.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};

/// Anything that is not the JSON this API speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid;

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid JSON")
    }
}

impl std::error::Error for Invalid {}

impl de::Error for Invalid {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Invalid
    }
}

impl ser::Error for Invalid {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Invalid
    }
}

type Result<T> = std::result::Result<T, Invalid>;

/// Reads one JSON document; anything after it but whitespace is refused.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    let mut reader = Reader {
        s: text.as_bytes(),
        i: 0,
    };
    let value = T::deserialize(&mut reader)?;
    if reader.peek().is_some() {
        return Err(Invalid);
    }
    Ok(value)
}

/// Writes a value as compact JSON.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut writer = Writer { out: String::new() };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

// ------------------------------------------------------------------------ reading

struct Reader<'de> {
    s: &'de [u8],
    i: usize,
}

impl<'de> Reader<'de> {
    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.s.get(self.i) {
            self.i += 1;
        }
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, byte: u8) -> Result<()> {
        if self.peek() == Some(byte) {
            self.i += 1;
            Ok(())
        } else {
            Err(Invalid)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        self.peek();
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(Invalid)
        }
    }

    /// A string; borrowed from the input unless it has escapes.
    fn string(&mut self) -> Result<Cow<'de, str>> {
        self.eat(b'"')?;
        let start = self.i;
        loop {
            match *self.s.get(self.i).ok_or(Invalid)? {
                b'"' => {
                    let text = self.slice(start)?;
                    self.i += 1;
                    return Ok(Cow::Borrowed(text));
                }
                b'\\' => return self.string_rest(self.slice(start)?.to_string()),
                0..=0x1f => return Err(Invalid),
                _ => self.i += 1,
            }
        }
    }

    /// The rest of a string from its first escape on, collected into `out`.
    fn string_rest(&mut self, mut out: String) -> Result<Cow<'de, str>> {
        loop {
            let start = self.i;
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(self.slice(start)?);
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let esc = *self.s.get(self.i).ok_or(Invalid)?;
                    self.i += 1;
                    out.push(match esc {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(Invalid),
                    });
                }
                _ => return Err(Invalid),
            }
        }
    }

    /// The text between `start` and the cursor. The input is a `str` and both ends sit
    /// next to an ASCII byte, so this is always on a character boundary.
    fn slice(&self, start: usize) -> Result<&'de str> {
        std::str::from_utf8(&self.s[start..self.i]).map_err(|_| Invalid)
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.s.get(self.i..self.i + 4).ok_or(Invalid)?;
        self.i += 4;
        digits.iter().try_fold(0u32, |acc, &d| {
            let v = (d as char).to_digit(16).ok_or(Invalid)?;
            Ok(acc * 16 + v)
        })
    }

    /// `\uXXXX`, with a UTF-16 surrogate pair read as one character.
    fn unicode_escape(&mut self) -> Result<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                    return Err(Invalid);
                }
                self.i += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(Invalid);
                }
                0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(Invalid),
            c => c,
        };
        char::from_u32(code).ok_or(Invalid)
    }

    /// An integer as (negative, magnitude). Fractions and exponents are refused.
    fn integer(&mut self) -> Result<(bool, u64)> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let start = self.i;
        let mut n: u64 = 0;
        while let Some(&d @ b'0'..=b'9') = self.s.get(self.i) {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .ok_or(Invalid)?;
            self.i += 1;
        }
        let digits = self.i - start;
        let leading_zero = digits > 1 && self.s[start] == b'0';
        if digits == 0 || leading_zero || matches!(self.s.get(self.i), Some(b'.' | b'e' | b'E')) {
            return Err(Invalid);
        }
        Ok((negative, n))
    }

    /// Steps over one value of any kind (a field this client does not know).
    fn skip(&mut self) -> Result<()> {
        match self.peek().ok_or(Invalid)? {
            b'"' => self.string().map(drop),
            b'-' | b'0'..=b'9' => {
                // Unknown fields may hold numbers of any shape: step over them loosely.
                self.i += 1;
                while let Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') = self.s.get(self.i)
                {
                    self.i += 1;
                }
                Ok(())
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            open @ (b'[' | b'{') => {
                let close = if open == b'[' { b']' } else { b'}' };
                self.i += 1;
                let mut first = true;
                while self.peek() != Some(close) {
                    if !first {
                        self.eat(b',')?;
                    }
                    first = false;
                    if open == b'{' {
                        self.string()?;
                        self.eat(b':')?;
                    }
                    self.skip()?;
                }
                self.i += 1;
                Ok(())
            }
            _ => Err(Invalid),
        }
    }

    fn visit_string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn signed(&mut self) -> Result<i64> {
        match self.integer()? {
            (false, n) => i64::try_from(n).map_err(|_| Invalid),
            // Down to i64::MIN, whose magnitude is one more than i64::MAX.
            (true, n) if n <= 1 << 63 => Ok((n as i64).wrapping_neg()),
            _ => Err(Invalid),
        }
    }

    fn unsigned(&mut self) -> Result<u64> {
        match self.integer()? {
            (false, n) => Ok(n),
            (true, 0) => Ok(0),
            _ => Err(Invalid),
        }
    }
}

macro_rules! read_signed {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            visitor.visit_i64(self.signed()?)
        }
    )*};
}

macro_rules! read_unsigned {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            visitor.visit_u64(self.unsigned()?)
        }
    )*};
}

macro_rules! refuse {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
            Err(Invalid)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Invalid;

    /// Only for types that ask for "whatever is there"; the API's own types never do.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek().ok_or(Invalid)? {
            b'"' => self.visit_string(visitor),
            b'n' => self.deserialize_unit(visitor),
            b't' | b'f' => self.deserialize_bool(visitor),
            b'-' => self.deserialize_i64(visitor),
            b'0'..=b'9' => self.deserialize_u64(visitor),
            b'[' => self.deserialize_seq(visitor),
            b'{' => self.deserialize_map(visitor),
            _ => Err(Invalid),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b't') => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            _ => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
        }
    }

    read_signed!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64);
    read_unsigned!(deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);
    refuse!(deserialize_f32 deserialize_f64 deserialize_bytes deserialize_byte_buf);

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_string(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.literal(b"null")?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.eat(b'[')?;
        let value = visitor.visit_seq(Items {
            r: &mut *self,
            first: true,
        })?;
        self.eat(b']')?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.eat(b'{')?;
        let value = visitor.visit_map(Items {
            r: &mut *self,
            first: true,
        })?;
        self.eat(b'}')?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    /// `"variant"` for a unit variant, `{"variant": value}` for one with data.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if self.peek() == Some(b'"') {
            let name = self.string()?;
            return visitor.visit_enum(name.into_deserializer());
        }
        self.eat(b'{')?;
        let value = visitor.visit_enum(&mut *self)?;
        self.eat(b'}')?;
        Ok(value)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Field names never need escapes, and one visitor method keeps each type's
        // field matcher to one copy.
        let name = self.string()?;
        visitor.visit_str(&name)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }
}

/// The elements of an array or the entries of an object.
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    first: bool,
}

impl Items<'_, '_> {
    /// Whether another element follows (consuming the comma before it).
    fn more(&mut self, close: u8) -> Result<bool> {
        if self.r.peek() == Some(close) {
            return Ok(false);
        }
        if !self.first {
            self.r.eat(b',')?;
        }
        self.first = false;
        Ok(true)
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Invalid;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.more(b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.r).map(Some)
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Invalid;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        if self.r.peek() != Some(b'"') {
            return Err(Invalid);
        }
        seed.deserialize(&mut *self.r).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.r.eat(b':')?;
        seed.deserialize(&mut *self.r)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Invalid;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.string()?;
        let variant = seed.deserialize(name.into_deserializer())?;
        self.eat(b':')?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Invalid;

    fn unit_variant(self) -> Result<()> {
        de::Deserializer::deserialize_unit(self, de::IgnoredAny).map(drop)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}

// ------------------------------------------------------------------------ writing

struct Writer {
    out: String,
}

impl Writer {
    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.push_str("\\u00");
                    self.out.push(HEX[(c as usize) >> 4] as char);
                    self.out.push(HEX[(c as usize) & 0xf] as char);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn number(&mut self, negative: bool, mut n: u64) {
        if negative {
            self.out.push('-');
        }
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.out.push(d as char);
        }
    }

    /// Opens `{"variant":` for an enum variant with data.
    fn variant_key(&mut self, variant: &str) {
        self.out.push('{');
        self.string(variant);
        self.out.push(':');
    }
}

macro_rules! write_signed {
    ($($method:ident: $t:ty)*) => {$(
        fn $method(self, v: $t) -> Result<()> {
            self.number(v < 0, i64::from(v).unsigned_abs());
            Ok(())
        }
    )*};
}

macro_rules! write_unsigned {
    ($($method:ident: $t:ty)*) => {$(
        fn $method(self, v: $t) -> Result<()> {
            self.number(false, u64::from(v));
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Invalid;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    write_signed!(serialize_i8: i8 serialize_i16: i16 serialize_i32: i32 serialize_i64: i64);
    write_unsigned!(serialize_u8: u8 serialize_u16: u16 serialize_u32: u32 serialize_u64: u64);

    fn serialize_f32(self, _: f32) -> Result<()> {
        Err(Invalid)
    }

    fn serialize_f64(self, _: f64) -> Result<()> {
        Err(Invalid)
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        self.string(v);
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Err(Invalid)
    }

    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.variant_key(variant);
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>> {
        self.out.push('[');
        Ok(Compound::new(self, "]"))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>> {
        self.variant_key(variant);
        self.out.push('[');
        Ok(Compound::new(self, "]}"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>> {
        self.out.push('{');
        Ok(Compound::new(self, "}"))
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>> {
        self.variant_key(variant);
        self.out.push('{');
        Ok(Compound::new(self, "}}"))
    }
}

/// An array or object being written: the separators and the closing bracket(s).
struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
    close: &'static str,
}

impl<'a> Compound<'a> {
    fn new(w: &'a mut Writer, close: &'static str) -> Self {
        Compound {
            w,
            first: true,
            close,
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
        value.serialize(&mut *self.w)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<()> {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
        self.w.string(key);
        self.w.out.push(':');
        value.serialize(&mut *self.w)
    }

    fn finish(self) -> Result<()> {
        self.w.out.push_str(self.close);
        Ok(())
    }
}

/// The four array-like kinds: each value is one element.
macro_rules! elements {
    ($($kind:ident :: $method:ident)*) => {$(
        impl ser::$kind for Compound<'_> {
            type Ok = ();
            type Error = Invalid;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.element(value)
            }
            fn end(self) -> Result<()> {
                self.finish()
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element
    SerializeTuple::serialize_element
    SerializeTupleStruct::serialize_field
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Invalid;
    /// JSON keys are strings: a key that writes anything else is refused.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.element(key)?;
        if !self.w.out.ends_with('"') {
            return Err(Invalid);
        }
        self.w.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

/// The two object-like kinds with named fields.
macro_rules! fields {
    ($($kind:ident)*) => {$(
        impl ser::$kind for Compound<'_> {
            type Ok = ();
            type Error = Invalid;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<()> {
                self.field(key, value)
            }
            fn end(self) -> Result<()> {
                self.finish()
            }
        }
    )*};
}

fields!(SerializeStruct SerializeStructVariant);

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;
    use reissue_domain::region::Regions;
    use reissue_domain::{
        ApplicationDetail, DeliveryMethod, Draft, FlowStart, FlowStatus, FormAnswers, Reason,
        ServiceProfile,
    };
    use serde::de::DeserializeOwned;

    use super::*;

    /// Both ways against serde_json: what it writes we read, what we write it reads.
    fn agrees<T>(value: &T)
    where
        T: Serialize + DeserializeOwned + PartialEq + fmt::Debug,
    {
        let theirs = serde_json::to_string(value).unwrap();
        let read = from_str::<T>(&theirs).unwrap_or_else(|_| panic!("reading {theirs}"));
        assert_eq!(&read, value, "reading {theirs}");
        let ours = to_string(value).unwrap_or_else(|_| panic!("writing {theirs}"));
        assert_eq!(&serde_json::from_str::<T>(&ours).unwrap(), value, "{ours}");
    }

    #[test]
    fn the_region_file_reads_as_serde_json_reads_it() {
        let text = include_str!("../../static/data/regions.json");
        let ours: Regions = from_str(text).unwrap();
        assert_eq!(ours, serde_json::from_str::<Regions>(text).unwrap());
        assert!(ours.provinces.len() > 30);
    }

    #[test]
    fn the_api_types_read_and_write_as_serde_json_does() {
        let detail: ApplicationDetail = serde_json::from_value(serde_json::json!({
            "number": "SC20261201000123", "status": "rejected",
            "answers": { "name": "张三", "id_number": "51010719900101123X", "reason": "lost",
                         "delivery": "ems", "address_detail": "武侯区“人民南路”4段\n1号" },
            "timeline": [{ "at": "2026-12-01T08:00:00+08:00", "status": "submitted",
                           "title": "已提交", "detail": "tab\there \\ \"quoted\"" }],
            "next_action": "fix_and_resubmit",
            "rejection": { "reason": "照片不清晰", "fields": ["register_home"] },
            "fees": { "card_fee_fen": 2000, "ems_fee_fen": 0, "total_fen": 2000 },
            "paid": false, "submitted_at": "2026-12-01", "updated_at": "2026-12-01"
        }))
        .unwrap();
        agrees(&detail);
        agrees(&Draft::default());
        agrees(&FormAnswers {
            name: Some("阿依古丽·买买提".into()),
            reason: Some(Reason::Stolen),
            delivery: Some(DeliveryMethod::Pickup),
            ..FormAnswers::default()
        });
        let profile: ServiceProfile = serde_json::from_value(serde_json::json!({
            "service_name": "身份证丢失补领", "province_name": "四川省",
            "region_prefixes": ["51"], "min_age": 16,
            "fees": { "card_fee_fen": 2000, "ems_fee_fen": 1500 },
            "offices": [{ "id": "o1", "name": "武侯区办证中心", "address": "成都",
                          "hours": "9:00-17:00", "phone": "028-12345678" }],
            "notice": { "version": "2026-12", "title": "须知", "sections": [] },
            "liveness_provider": "mock", "payment_provider": "wechat_jsapi",
            "register_upload_required": true, "liveness_required": true,
            "liveness_max_attempts": 3, "service_phone": "12345",
            "working_days": { "review": [1, 3], "production": [15, 20], "delivery": [3, 7] },
            "mock": true
        }))
        .unwrap();
        agrees(&profile);
        for status in [
            FlowStatus::Pending,
            FlowStatus::Failed {
                reason: "超时".into(),
            },
        ] {
            agrees(&status);
        }
        let start: FlowStart = serde_json::from_str(
            r#"{"flow_id":"f1","action":{"kind":"redirect","url":"/mock-vendor/x?a=1&b=2"}}"#,
        )
        .unwrap();
        agrees(&start);
        agrees(&());
        agrees(&Some(vec![(1u16, 2u16)]));
        agrees(&(i64::MIN, i64::MAX, u64::MAX, 0u8));
    }

    #[test]
    fn fields_this_client_does_not_know_are_stepped_over_whatever_they_hold() {
        let text = r#" { "status" : "ok", "extra": {"a": [1.5e3, -2, true, null, {"b": "\"}"}]},
            "version": "1.2", "more": [] } "#;
        let health: reissue_domain::Health = from_str(text).unwrap();
        assert_eq!(
            (health.status.as_str(), health.version.as_str()),
            ("ok", "1.2")
        );
    }

    #[test]
    fn what_is_not_this_apis_json_is_refused() {
        for bad in [
            "",
            "[1,]",
            "[1 2]",
            "{\"a\":1,}",
            "{1:2}",
            "\"unterminated",
            "\"bad \\q escape\"",
            "\"lone \\ud800 surrogate\"",
            "\"\\udc00\"",
            "\"raw \n newline\"",
            "nul",
            "[1] trailing",
        ] {
            assert_eq!(
                from_str::<serde::de::IgnoredAny>(bad).map(drop),
                Err(Invalid),
                "{bad:?}"
            );
        }
        for bad in [
            "1.5",
            "1e3",
            "[1,]",
            "\"x\" y",
            "18446744073709551616",
            "-1",
            "01",
        ] {
            assert_eq!(
                from_str::<Vec<u64>>(&format!("[{bad}]")),
                Err(Invalid),
                "{bad}"
            );
        }
        assert_eq!(from_str::<u8>("256"), Err(Invalid));
        assert_eq!(from_str::<u32>("-1"), Err(Invalid));
        assert_eq!(from_str::<f64>("1"), Err(Invalid), "no floats on this API");
        assert_eq!(to_string(&1.5f64), Err(Invalid));
        assert_eq!(
            from_str::<String>("\"\\ud83d\\ude00 ok\""),
            Ok("😀 ok".to_string())
        );
        assert_eq!(from_str::<i64>(" -0 "), Ok(0));
    }

    proptest! {
        #[test]
        fn any_text_survives_both_ways(s in any::<String>()) {
            agrees(&s);
            agrees(&vec![s.clone(), s]);
        }

        #[test]
        fn any_answers_survive_both_ways(
            name in proptest::option::of(any::<String>()),
            address in proptest::option::of("[\\u{0}-\\u{7f}\\u{4e00}-\\u{9fff}]{0,40}"),
            n in any::<i64>(),
        ) {
            let answers = FormAnswers { name, address_detail: address, ..FormAnswers::default() };
            agrees(&answers);
            agrees(&n);
        }
    }
}

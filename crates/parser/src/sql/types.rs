//! `CREATE DOMAIN` (base type, collation, default, NOT NULL, checks, in
//! any order as PostgreSQL allows) and composite types.

use super::*;
use sqlparser::ast::{DataType, UserDefinedTypeCompositeAttributeDef};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

/// The written type as a string the type resolver reads.
fn type_text(t: &DataType) -> String {
    t.to_string()
}

pub(super) fn create_domain(
    text: &str,
    offset: usize,
    src: &Source,
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    type Parsed = (ObjectName, RawDomain);
    let parse = |p: &mut Parser| -> std::result::Result<Parsed, sqlparser::parser::ParserError> {
        p.expect_keywords(&[Keyword::CREATE, Keyword::DOMAIN])?;
        let name = p.parse_object_name(false)?;
        let _ = p.parse_keyword(Keyword::AS);
        let base = p.parse_data_type()?;
        let mut d = RawDomain {
            name: QualName::new("", ""),
            base: type_text(&base),
            collation: None,
            default: None,
            not_null: false,
            checks: vec![],
            comment: None,
            loc: loc.clone(),
        };
        let fail = |p: &Parser, what: &str| {
            let t = p.peek_token();
            sqlparser::parser::ParserError::ParserError(format!(
                "{what} at Line: {}, Column: {}",
                t.span.start.line, t.span.start.column
            ))
        };
        loop {
            if p.peek_token().token == Token::EOF {
                break;
            }
            if p.parse_keyword(Keyword::COLLATE) {
                d.collation = Some(collation_name(&p.parse_object_name(false)?));
                continue;
            }
            if p.parse_keyword(Keyword::DEFAULT) {
                // A default is a restricted expression in PostgreSQL's
                // grammar: `DEFAULT 'x' NOT NULL` is a default and a NOT
                // NULL, which sqlparser reads as `'x' IS NOT NULL`.
                d.default = Some(match p.parse_expr()? {
                    Expr::IsNotNull(inner) => {
                        d.not_null = true;
                        *inner
                    }
                    e => e,
                });
                continue;
            }
            let clause = p.peek_token().span.start;
            let refuse = |what: &str| {
                sqlparser::parser::ParserError::ParserError(format!(
                    "{what} at Line: {}, Column: {}",
                    clause.line, clause.column
                ))
            };
            let named = if p.parse_keyword(Keyword::CONSTRAINT) {
                Some(ident(&p.parse_identifier()?))
            } else {
                None
            };
            if p.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
                // PostgreSQL 18 keeps a NOT NULL's name; the model holds
                // only the one PostgreSQL gives, so another is refused
                // rather than lost.
                let own = names::make_object_name(
                    object_parts(&name).last().map_or("", String::as_str),
                    None,
                    "not_null",
                );
                if named.as_ref().is_some_and(|n| *n != own) {
                    return Err(refuse(
                        "schemadiff cannot model a NOT NULL with a name of its own on a domain yet",
                    ));
                }
                d.not_null = true;
                continue;
            }
            if p.parse_keyword(Keyword::NULL) {
                if named.is_some() {
                    return Err(refuse("a named NULL on a domain means nothing; remove it"));
                }
                d.not_null = false;
                continue;
            }
            if p.parse_keyword(Keyword::CHECK) {
                p.expect_token(&Token::LParen)?;
                let e = p.parse_expr()?;
                p.expect_token(&Token::RParen)?;
                if p.parse_keywords(&[Keyword::NOT, Keyword::VALID]) {
                    return Err(fail(p, "a NOT VALID domain check is not modelled yet"));
                }
                d.checks.push((named, e));
                continue;
            }
            return Err(fail(
                p,
                &format!(
                    "Expected: COLLATE, DEFAULT, NOT NULL, NULL or CHECK, found: {}",
                    p.peek_token().token
                ),
            ));
        }
        Ok((name, d))
    };
    let (name, mut d) = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(text)
        .and_then(|mut p| parse(&mut p))
        .map_err(|e| sqlparser_error(&e.to_string(), text, offset, src))?;
    let q = qual(&name, loc)?;
    b.check_schema(&q.schema, loc)?;
    crate::build::check_name(&q.name, "type", loc)?;
    d.name = q.clone();
    d.base = b.type_on_path(&d.base);
    if let Some(c) = &d.collation {
        d.collation = Some(b.collation_on_path(c));
    }
    b.add_domain(d, loc)
}

pub(super) fn composite(
    name: &ObjectName,
    attributes: &[UserDefinedTypeCompositeAttributeDef],
    loc: &Loc,
    b: &mut Builder,
) -> Result<()> {
    let q = qual(name, loc)?;
    b.check_schema(&q.schema, loc)?;
    crate::build::check_name(&q.name, "type", loc)?;
    let attributes = attributes
        .iter()
        .map(
            |UserDefinedTypeCompositeAttributeDef {
                 name,
                 data_type,
                 collation,
             }| {
                (
                    ident(name),
                    b.type_on_path(&type_text(data_type)),
                    collation
                        .as_ref()
                        .map(|c| b.collation_on_path(&collation_name(c))),
                )
            },
        )
        .collect();
    b.add_composite(
        RawComposite {
            name: q,
            attributes,
            comment: None,
            loc: loc.clone(),
        },
        loc,
    )
}

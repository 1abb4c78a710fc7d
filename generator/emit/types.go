package emit

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bpgen/bpgen/generator/model"
)

// typesFile declares every named type of the API.
func typesFile(f *jen.File, api *model.API) {
	for _, t := range api.Types {
		comment(f, docComment(t.Name, t.Doc, t.Use))
		switch t.Kind {
		case model.KindStruct:
			structType(f, t)
		case model.KindEnum:
			enumType(f, t)
		case model.KindUnion:
			unionType(f, t)
		case model.KindAlias:
			f.Type().Id(t.Name).Op("=").Add(goType(t.Elem))
		case model.KindDefined:
			f.Type().Id(t.Name).Add(goType(t.Elem))
		}
		f.Line()
	}
}

func structType(f *jen.File, t *model.Type) {
	f.Type().Id(t.Name).StructFunc(func(g *jen.Group) {
		for _, fd := range t.Fields {
			comment(g, deprecated(withDefault(fd.Doc, fd.Default), fd.Deprecated))
			g.Id(fd.Name).Add(goType(fd.Type)).Tag(fieldTags(fd))
		}
		if t.Additional != nil {
			comment(g, t.AdditionalField+" holds the properties the schema does not declare.")
			g.Id(t.AdditionalField).Map(jen.String()).Add(goType(t.Additional)).Tag(map[string]string{"json": "-", wireTag: "extra,"})
		}
	})
	if t.Additional != nil || len(t.Untagged()) > 0 {
		jsonMethods(f, t)
	}
}

// wireTag is the tag key (see templates/rt's queryWireTag) that tells the
// encoding of query, form and multipart values about the fields that
// encoding/json's tags cannot describe: those the JSON methods carry.
const wireTag = "wire"

// fieldTags are the struct tags of a declared field: json, and wire for a
// property whose name a json tag cannot hold (its value is a Go string
// literal, which holds any name).
func fieldTags(fd *model.Field) map[string]string {
	tags := map[string]string{"json": jsonTag(fd)}
	if fd.Untagged && fd.Params == nil {
		tags[wireTag] = string(fd.Omit) + "," + fd.JSON // OmitNever is ""
	}
	return tags
}

// jsonTag is the field's json struct tag. Only a wire name that encoding/json
// reads back as written reaches a tag; any other is "-" and carried by the
// struct's JSON methods, so no spec text can break the tag's literal.
func jsonTag(fd *model.Field) string {
	if fd.Params != nil || fd.Untagged {
		return "-"
	}
	if fd.Omit == model.OmitNever {
		return fd.JSON
	}
	return fd.JSON + "," + string(fd.Omit)
}

// jsonMethods gives struct t the JSON methods that encoding/json cannot
// derive from its tags: they write and read the fields whose wire names a tag
// cannot hold, and keep undeclared properties in the additional map. Both
// encode through a local type without the methods, then amend its object.
func jsonMethods(f *jen.File, t *model.Type) {
	comment(f, marshalDoc(t))
	f.Func().Params(jen.Id("v").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(g *jen.Group) {
		g.Type().Id("plain").Id(t.Name)
		g.List(jen.Id("b"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("plain").Call(jen.Id("v")))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
		members := untaggedMembers(t)
		switch {
		case t.Additional == nil:
			g.Return(members)
		case members != nil:
			g.If(jen.List(jen.Id("b"), jen.Err()).Op("=").Add(members), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
			fallthrough
		default:
			g.Return(jen.Id(rtJsonMergeObject).Call(jen.Id("b"), jen.Id("v").Dot(t.AdditionalField)))
		}
	})
	comment(f, unmarshalStructDoc(t))
	f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().BlockFunc(func(g *jen.Group) {
		g.Type().Id("plain").Id(t.Name)
		g.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("b"), jen.Parens(jen.Op("*").Id("plain")).Call(jen.Id("v"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		targets := untaggedTargets(t)
		switch {
		case t.Additional == nil:
			g.Return(targets)
		case targets != nil:
			g.If(jen.Err().Op(":=").Add(targets), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			fallthrough
		default:
			known := []jen.Code{jen.Id("b")}
			for _, fd := range t.Fields {
				known = append(known, jen.Lit(fd.JSON))
			}
			g.Var().Err().Error()
			g.List(jen.Id("v").Dot(t.AdditionalField), jen.Err()).Op("=").Id(rtJsonExtraFields).Types(goType(t.Additional)).Call(known...)
			g.Return(jen.Err())
		}
	})
}

func marshalDoc(t *model.Type) string {
	switch {
	case t.Additional == nil:
		return "MarshalJSON encodes v, writing the properties whose names a struct tag cannot hold under those names."
	case len(t.Untagged()) == 0:
		return "MarshalJSON writes the declared fields and then " + t.AdditionalField + "."
	}
	return "MarshalJSON writes the declared fields, those whose names a struct tag cannot hold included, and then " + t.AdditionalField + "."
}

func unmarshalStructDoc(t *model.Type) string {
	switch {
	case t.Additional == nil:
		return "UnmarshalJSON decodes b, reading the properties whose names a struct tag cannot hold by exactly those names."
	case len(t.Untagged()) == 0:
		return "UnmarshalJSON reads the declared fields and keeps the others in " + t.AdditionalField + "."
	}
	return "UnmarshalJSON reads the declared fields, those whose names a struct tag cannot hold by exactly those names, and keeps the others in " + t.AdditionalField + "."
}

// untaggedMembers is the call that appends t's untagged fields to the object
// in b, each omitted as its tag would have said; nil when t has none.
func untaggedMembers(t *model.Type) *jen.Statement {
	fields := t.Untagged()
	if len(fields) == 0 {
		return nil
	}
	args := []jen.Code{jen.Id("b")}
	for _, fd := range fields {
		helper := map[model.OmitMode]string{model.OmitNever: rtJsonAlways, model.OmitEmpty: rtJsonOmitEmpty, model.OmitZero: rtJsonOmitZero}[fd.Omit]
		args = append(args, jen.Id(helper).Call(jen.Lit(fd.JSON), jen.Id("v").Dot(fd.Name)))
	}
	return jen.Id(rtJsonAppendMembers).Add(callArgs(args))
}

// untaggedTargets is the call that decodes t's untagged fields from b; nil
// when t has none.
func untaggedTargets(t *model.Type) *jen.Statement {
	fields := t.Untagged()
	if len(fields) == 0 {
		return nil
	}
	args := []jen.Code{jen.Id("b")}
	for _, fd := range fields {
		args = append(args, jen.Id(rtJsonInto).Call(jen.Lit(fd.JSON), jen.Op("&").Id("v").Dot(fd.Name)))
	}
	return jen.Id(rtJsonDecodeMembers).Add(callArgs(args))
}

// callArgs renders call arguments one per line once there are several
// members, as a person would write them.
func callArgs(args []jen.Code) jen.Code {
	if len(args) <= 2 {
		return jen.Call(args...)
	}
	return jen.Custom(jen.Options{Open: "(", Close: ")", Separator: ",", Multi: true}, args...)
}

func enumType(f *jen.File, t *model.Type) {
	f.Type().Id(t.Name).Id(string(t.Enum.Base))
	if len(t.Enum.Values) > 0 {
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, v := range t.Enum.Values {
				comment(g, fmt.Sprintf("%s is the %s value of %s.", v.Name, literal(v.Value), t.Name))
				g.Id(v.Name).Id(t.Name).Op("=").Add(untypedLit(v.Value))
			}
		})
	}
	comment(f, "Valid reports whether v is one of the values the API defines. Values the API adds later decode without error but are not Valid.")
	f.Func().Params(jen.Id("v").Id(t.Name)).Id("Valid").Params().Bool().BlockFunc(func(g *jen.Group) {
		if len(t.Enum.Values) == 0 {
			g.Return(jen.False())
			return
		}
		g.Switch(jen.Id("v")).Block(
			jen.CaseFunc(func(c *jen.Group) {
				for _, v := range t.Enum.Values {
					c.Id(v.Name)
				}
			}).Block(jen.Return(jen.True())),
		)
		g.Return(jen.False())
	})
}

// untypedLit renders a constant without jennifer's int64(...) conversion,
// which would not convert to the enum's type.
func untypedLit(v any) jen.Code {
	if n, ok := v.(int64); ok {
		return jen.Lit(int(n))
	}
	return jen.Lit(v)
}

func literal(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// unionType declares a oneOf/anyOf: exactly one field is set. Variant and
// Value tell which; MarshalJSON writes it (setting the discriminator), and
// fails when none (unless the schema admits null) or several are set.
func unionType(f *jen.File, t *model.Type) {
	u := t.Union
	f.Type().Id(t.Name).StructFunc(func(g *jen.Group) {
		for _, v := range u.Variants {
			comment(g, variantComment(u, v))
			g.Id(v.Field).Op("*").Add(goType(v.Type))
		}
	})
	names := make([]jen.Code, len(u.Variants))
	call := []jen.Code{jen.Lit(t.Name), nil}
	quoted := make([]string, len(u.Variants))
	pointers := make([]string, len(u.Variants))
	for i, v := range u.Variants {
		names[i] = jen.Lit(v.Field)
		call = append(call, jen.Id("u").Dot(v.Field).Op("!=").Nil())
		quoted[i] = fmt.Sprintf("%q", v.Field)
		pointers[i] = "*" + typeName(v.Type)
	}
	call[1] = jen.Index().String().Values(names...)
	which := jen.Id(rtUnionVariant).Call(call...)

	comment(f, "Variant names the field of u that is set ("+orList(quoted)+"); it is \"\" when none is or more than one is, and MarshalJSON then fails.")
	f.Func().Params(jen.Id("u").Id(t.Name)).Id("Variant").Params().String().Block(
		jen.List(jen.Id("v"), jen.Id("_")).Op(":=").Add(which),
		jen.Return(jen.Id("v")),
	)
	comment(f, "Value returns the variant that is set ("+orList(pointers)+"), for a type switch; it is nil when none is or more than one is.")
	f.Func().Params(jen.Id("u").Id(t.Name)).Id("Value").Params().Any().Block(
		jen.Switch(jen.Id("u").Dot("Variant").Call()).BlockFunc(func(s *jen.Group) {
			for _, v := range u.Variants {
				s.Case(jen.Lit(v.Field)).Block(jen.Return(jen.Id("u").Dot(v.Field)))
			}
		}),
		jen.Return(jen.Nil()),
	)
	comment(f, marshalUnionDoc(u))
	f.Func().Params(jen.Id("u").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(g *jen.Group) {
		if u.Null {
			g.If(jen.Id("u").Op("==").Parens(jen.Id(t.Name).Values())).Block(
				jen.Return(jen.Index().Byte().Call(jen.Lit("null")), jen.Nil()))
		}
		g.List(jen.Id("v"), jen.Err()).Op(":=").Add(which)
		g.Switch(jen.Id("v")).BlockFunc(func(s *jen.Group) {
			for _, v := range u.Variants {
				if u.Discriminator != "" && len(v.Values) > 0 {
					args := []jen.Code{jen.Lit(t.Name + "." + v.Field), jen.Id("u").Dot(v.Field), jen.Lit(u.Discriminator)}
					for _, val := range v.Values {
						args = append(args, jen.Lit(val))
					}
					s.Case(jen.Lit(v.Field)).Block(jen.Return(jen.Id(rtUnionDiscriminated).Call(args...)))
					continue
				}
				s.Case(jen.Lit(v.Field)).Block(
					jen.Return(jen.Qual("encoding/json", "Marshal").Call(jen.Id("u").Dot(v.Field))))
			}
		})
		g.Return(jen.Nil(), jen.Err())
	})
	comment(f, unmarshalDoc(u))
	f.Func().Params(jen.Id("u").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().BlockFunc(func(g *jen.Group) {
		g.Op("*").Id("u").Op("=").Id(t.Name).Values()
		if u.Discriminator != "" && hasValues(u) {
			discriminated(g, t)
			return
		}
		byKind(g, t)
	})
}

// variantComment documents a union field: when it is chosen, and what the
// spec says of an inline variant.
func variantComment(u *model.Union, v *model.Variant) string {
	var s string
	switch {
	case u.Discriminator != "" && len(v.Values) > 0:
		vals := make([]string, len(v.Values))
		for i, val := range v.Values {
			vals[i] = fmt.Sprintf("%q", val)
		}
		s = fmt.Sprintf("%s is the variant whose %q is %s; MarshalJSON sets %q to %s when it is empty.", v.Field, u.Discriminator, orList(vals), u.Discriminator, vals[0])
	case v.JSON != "" && v.JSON != model.JSONObject:
		s = fmt.Sprintf("%s is the variant for a JSON %s.", v.Field, v.JSON)
	default:
		s = fmt.Sprintf("%s is the variant for a value that decodes into %s.", v.Field, typeName(v.Type))
	}
	if v.Doc != "" {
		s += "\n\n" + v.Doc
	}
	return s
}

// typeName is how a variant's Go type reads in a comment.
func typeName(t *model.TypeRef) string {
	return fmt.Sprintf("%#v", goType(t))
}

// orList joins items as "a, b or c".
func orList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

func marshalUnionDoc(u *model.Union) string {
	s := "MarshalJSON writes the variant that is set"
	if u.Discriminator != "" && hasValues(u) {
		s += fmt.Sprintf(", with its %q property set to the variant's value when empty", u.Discriminator)
	}
	s += ". It fails when more than one variant is set"
	if u.Null {
		s += "; when none is, it writes null."
	} else {
		s += " or none is."
	}
	if u.Discriminator != "" && hasValues(u) {
		s += fmt.Sprintf(" A %q that names another variant than the one set is an error, never overwritten.", u.Discriminator)
	}
	return s
}

func unmarshalDoc(u *model.Union) string {
	if u.Discriminator != "" && hasValues(u) {
		return "UnmarshalJSON picks the variant named by the \"" + u.Discriminator + "\" property."
	}
	return "UnmarshalJSON picks the first variant that the value decodes into strictly (no unknown properties), then the first that it decodes into at all."
}

func hasValues(u *model.Union) bool {
	for _, v := range u.Variants {
		if len(v.Values) > 0 {
			return true
		}
	}
	return false
}

func discriminated(g *jen.Group, t *model.Type) {
	u := t.Union
	g.If(jen.Qual("bytes", "Equal").Call(jen.Qual("bytes", "TrimSpace").Call(jen.Id("b")), jen.Index().Byte().Call(jen.Lit("null")))).Block(jen.Return(jen.Nil()))
	g.List(jen.Id("tag"), jen.Err()).Op(":=").Id(rtJsonDiscriminator).Call(jen.Id("b"), jen.Lit(u.Discriminator))
	g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(t.Name+": %w"), jen.Err())))
	g.Switch(jen.Id("tag")).BlockFunc(func(s *jen.Group) {
		for _, v := range u.Variants {
			if len(v.Values) == 0 {
				continue
			}
			vals := make([]jen.Code, len(v.Values))
			for i, val := range v.Values {
				vals[i] = jen.Lit(val)
			}
			s.Case(vals...).Block(
				jen.Id("u").Dot(v.Field).Op("=").New(goType(v.Type)),
				jen.Return(jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("b"), jen.Id("u").Dot(v.Field))),
			)
		}
	})
	g.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(t.Name+": unknown %s %q"), jen.Lit(u.Discriminator), jen.Id("tag"))) // the property name as an argument: it may hold a %
}

func byKind(g *jen.Group, t *model.Type) {
	u := t.Union
	g.Id("kind").Op(":=").Id(rtJsonKindOf).Call(jen.Id("b"))
	g.If(jen.Id("kind").Op("==").Lit("null")).Block(jen.Return(jen.Nil()))
	for _, pass := range []string{rtJsonStrict, "encoding/json"} {
		for _, v := range u.Variants {
			decode := jen.Id(rtJsonStrict).Call(jen.Id("b"), jen.Id("v"))
			if pass != rtJsonStrict {
				decode = jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("b"), jen.Id("v"))
			}
			g.If(jen.Id(rtJsonKindMatches).Call(jen.Lit(string(v.JSON)), jen.Id("kind"))).Block(
				jen.Id("v").Op(":=").New(goType(v.Type)),
				jen.If(decode.Op("==").Nil()).Block(
					jen.Id("u").Dot(v.Field).Op("=").Id("v"),
					jen.Return(jen.Nil()),
				),
			)
		}
	}
	g.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(t.Name+": no variant matches a JSON %s"), jen.Id("kind")))
}

// withDefault mentions the value the API assumes when a field is left out.
func withDefault(doc string, def any) string {
	if def == nil {
		return doc
	}
	b, err := json.Marshal(def)
	if err != nil {
		return doc
	}
	if doc != "" {
		doc += " "
	}
	return doc + "The API's default is " + string(b) + "."
}

package fastfmt

import "unicode/utf8"

// table writes l.rows, the body of a struct (consts false) or const block,
// aligned as gofmt's tabwriter aligns it: the rows of a run of lines with no
// comment, embedded field or blank line between share a name column and, in
// a struct, consecutive tagged fields share a type column. It reports false
// if a comment is one gofmt would do more with than reformat.
func (l *layouter) table(consts bool) bool {
	specs, typed := 0, false
	for _, r := range l.rows {
		if !r.comment && !r.blank {
			specs++
			typed = typed || r.typ1 > r.typ0
		}
	}
	for i := 0; i < len(l.rows); {
		j := i
		for j < len(l.rows) && l.rows[j].kind() == l.rows[i].kind() {
			j++
		}
		switch {
		case l.rows[i].comment:
			if !l.comment(l.commentLines(i, j), "\t") {
				return false
			}
		case l.rows[i].blank:
			l.out = append(l.out, '\n')
		case l.rows[i].embedded:
			for _, r := range l.rows[i:j] {
				l.out = append(append(append(l.out, '\t'), l.types[r.typ0:r.typ1]...), '\n')
			}
		case consts:
			l.constRun(l.rows[i:j], specs == 1, typed)
		default:
			l.fieldRun(l.rows[i:j], specs == 1)
		}
		i = j
	}
	return true
}

// commentLines returns the lines of the comment rows i to j.
func (l *layouter) commentLines(i, j int) [][]byte {
	lines := make([][]byte, 0, j-i)
	for _, r := range l.rows[i:j] {
		lines = append(lines, r.name)
	}
	return lines
}

// fieldRun writes consecutive struct fields. A struct of one field is not
// aligned (gofmt separates by blanks there).
func (l *layouter) fieldRun(rows []row, alone bool) {
	nameWidth := 0
	for _, r := range rows {
		nameWidth = max(nameWidth, utf8.RuneCount(r.name)+1)
	}
	for i, r := range rows {
		l.out = append(append(l.out, '\t'), r.name...)
		l.out = l.pad(l.out, r.name, nameWidth, alone)
		typ := l.types[r.typ0:r.typ1]
		l.out = append(l.out, typ...)
		if r.last == nil {
			l.out = append(l.out, '\n')
			continue
		}
		// Consecutive tagged fields share the type column.
		typeWidth := 0
		for k := i; k >= 0 && rows[k].last != nil; k-- {
			typeWidth = max(typeWidth, rows[k].typ1-rows[k].typ0+1)
		}
		for k := i + 1; k < len(rows) && rows[k].last != nil; k++ {
			typeWidth = max(typeWidth, rows[k].typ1-rows[k].typ0+1)
		}
		l.out = l.pad(l.out, typ, typeWidth, alone)
		l.out = append(append(l.out, r.last...), '\n')
	}
}

// constRun writes consecutive constants. When any constant of the block has
// a type, gofmt keeps a type column for all (empty for the untyped ones).
func (l *layouter) constRun(rows []row, alone, typed bool) {
	nameWidth, typeWidth := 0, 0
	for _, r := range rows {
		nameWidth = max(nameWidth, utf8.RuneCount(r.name)+1)
		if r.typ1 > r.typ0 {
			typeWidth = max(typeWidth, r.typ1-r.typ0+1)
		}
	}
	for _, r := range rows {
		l.out = append(append(l.out, '\t'), r.name...)
		typ := l.types[r.typ0:r.typ1]
		switch {
		case alone && len(typ) > 0:
			l.out = append(append(append(l.out, ' '), typ...), ' ')
		case alone:
			l.out = append(l.out, ' ')
		case typed:
			l.out = l.pad(l.out, r.name, nameWidth, false)
			l.out = append(l.out, typ...)
			l.out = l.pad(l.out, typ, typeWidth, false) // an all-empty column takes no room
		default:
			l.out = l.pad(l.out, r.name, nameWidth, false)
		}
		l.out = append(append(append(l.out, "= "...), r.last...), '\n')
	}
}

// pad appends the blanks that fill cell to width, or one blank if alone.
func (l *layouter) pad(out, cell []byte, width int, alone bool) []byte {
	n := width - utf8.RuneCount(cell)
	if alone {
		n = 1
	}
	for ; n > 0; n-- {
		out = append(out, ' ')
	}
	return out
}

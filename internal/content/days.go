package content

import "strings"

// dayOrder is the week in schema.org's order, with each day's English
// name.
var dayOrder = []struct{ Code, Name string }{
	{"Mo", "Monday"}, {"Tu", "Tuesday"}, {"We", "Wednesday"}, {"Th", "Thursday"},
	{"Fr", "Friday"}, {"Sa", "Saturday"}, {"Su", "Sunday"},
}

// DayNames expands day codes ("Mo-We,Fr") into English day names
// ("Monday", "Tuesday", "Wednesday", "Friday"), as schema.org's dayOfWeek
// takes them; nil for codes DaysText does not accept. A range that wraps
// past Sunday ("Fr-Mo") runs to the end of the week and on from Monday.
func DayNames(days string) []string {
	if _, ok := DaysText(days); !ok {
		return nil
	}
	index := func(code string) int {
		for i, d := range dayOrder {
			if d.Code == strings.TrimSpace(code) {
				return i
			}
		}
		return -1
	}
	var out []string
	for _, group := range strings.Split(days, ",") {
		ends := strings.Split(group, "-")
		from, to := index(ends[0]), index(ends[len(ends)-1])
		for i := from; ; i = (i + 1) % len(dayOrder) {
			out = append(out, dayOrder[i].Name)
			if i == to {
				break
			}
		}
	}
	return out
}

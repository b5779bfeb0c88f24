// Reads calendar files named on the command line and prints, as JSON, the UTC instants
// that ical.js (Mozilla's parser, as in Thunderbird) and node-ical compute for each VEVENT.
// ical.js is given only the file's own VTIMEZONE: it has no tz database of its own.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";
import nodeIcal from "node-ical";

function withIcalJs(text) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const zone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const events = root.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
    };
  });
  ICAL.TimezoneService.reset();
  return events;
}

function withNodeIcal(text) {
  const parsed = nodeIcal.sync.parseICS(text);
  return Object.values(parsed)
    .filter((item) => item.type === "VEVENT")
    .map((item) => ({
      uid: item.uid,
      start: new Date(item.start).toISOString(),
      end: new Date(item.end).toISOString(),
    }));
}

const result = {};
for (const path of process.argv.slice(2)) {
  const text = readFileSync(path, "utf8");
  const entry = {};
  for (const [name, parse] of [["ical.js", withIcalJs], ["node-ical", withNodeIcal]]) {
    try {
      entry[name] = parse(text);
    } catch (error) {
      entry[name] = { error: String(error) };
    }
  }
  result[path] = entry;
}
process.stdout.write(JSON.stringify(result));

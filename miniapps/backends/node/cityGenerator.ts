/**
 * Generates the sample city from a seed: a slightly irregular street grid over Munich's
 * Altstadt (where the simulated EV drives) with a ring road and two boulevards, named places,
 * charging locations shaped after OCPI 2.2.1, and restaurants with menus. Deterministic: the
 * same seed gives the same file, which `tests/unit/miniapps/backends` checks against the one
 * committed. Every name is invented.
 */
import type { City, CityChargerLocation, CityConnector, CityDish, CityEvse, CityNode, CityPlace, CityRestaurant, CityRoad, CityTariff, LatLon, PlaceKind } from './city.js';
import { metersBetween } from './city.js';

/** A small, fast, seedable generator (xorshift32 with a splitmix-style seed scramble). */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    let s = (seed ^ 0x9e3779b9) >>> 0;
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
    this.state = (s ^ (s >>> 16)) >>> 0 || 1;
  }

  /** In [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }

  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

const CENTER: LatLon = [48.1374, 11.5755];
const GRID = 15;
const SPACING_M = 300;
const M_PER_DEG_LAT = 111_195;

const EAST_WEST = ['Alder', 'Birch', 'Cedar', 'Damson', 'Elm', 'Fir', 'Ginkgo', 'Hazel', 'Ivy', 'Juniper', 'Larch', 'Maple', 'Nutmeg', 'Oak', 'Poplar'];
const NORTH_SOUTH = ['Amber', 'Beacon', 'Copper', 'Dover', 'Ember', 'Falcon', 'Granite', 'Harbour', 'Indigo', 'Jasper', 'Kestrel', 'Linden', 'Meadow', 'Nightingale', 'Orchard'];

const PLACES: ReadonlyArray<{ readonly name: string; readonly kind: PlaceKind; readonly aliases: readonly string[]; readonly cell: readonly [number, number] }> = [
  { name: 'Central Station', kind: 'station', aliases: ['the station', 'station', 'train station'], cell: [7, 3] },
  { name: 'Old Town Hall', kind: 'museum', aliases: ['town hall', 'city hall'], cell: [7, 7] },
  { name: 'Riverside Park', kind: 'park', aliases: ['the park', 'river park'], cell: [3, 12] },
  { name: 'St. Clara Hospital', kind: 'hospital', aliases: ['the hospital', 'hospital'], cell: [11, 5] },
  { name: 'Harbour Tech Campus', kind: 'office', aliases: ['tech campus', 'the campus'], cell: [12, 12] },
  { name: 'North Market Mall', kind: 'shopping', aliases: ['the mall', 'north mall', 'shopping centre'], cell: [13, 7] },
  { name: 'Lindenfeld Stadium', kind: 'stadium', aliases: ['the stadium', 'stadium'], cell: [1, 2] },
  { name: 'University Library', kind: 'library', aliases: ['the library', 'library'], cell: [10, 9] },
  { name: 'Glass Palace Hotel', kind: 'hotel', aliases: ['the hotel', 'hotel'], cell: [6, 10] },
  { name: 'Museum of Light', kind: 'museum', aliases: ['the museum', 'light museum'], cell: [4, 6] },
  { name: 'Science University', kind: 'university', aliases: ['the university', 'university'], cell: [11, 11] },
  { name: 'Airport Shuttle Terminal', kind: 'airport', aliases: ['the airport', 'airport', 'shuttle terminal'], cell: [0, 14] },
  { name: 'Home', kind: 'home', aliases: ['home', 'my home', 'my house'], cell: [2, 9] },
  { name: 'Work', kind: 'work', aliases: ['work', 'the office', 'my office'], cell: [12, 3] },
  { name: 'Cedar Street Bakery Square', kind: 'shopping', aliases: ['bakery square'], cell: [8, 12] },
  { name: 'Southgate Offices', kind: 'office', aliases: ['southgate'], cell: [1, 7] },
];

const OPERATORS = ['VoltWay', 'ChargeHub', 'CityPower', 'Ionix Energy'];
const CUISINES: ReadonlyArray<{ readonly cuisine: string; readonly names: readonly string[]; readonly dishes: ReadonlyArray<readonly [string, number, number, readonly string[]]> }> = [
  {
    cuisine: 'burgers',
    names: ['Bun & Done', 'Grill Line'],
    dishes: [
      ['Classic burger', 9.5, 8, ['burger']],
      ['Cheeseburger', 10.5, 8, ['burger', 'cheese']],
      ['Veggie burger', 10, 9, ['burger', 'vegetarian']],
      ['Fries', 3.5, 4, ['side', 'vegetarian']],
      ['Sweet potato fries', 4.5, 5, ['side', 'vegetarian']],
      ['Lemonade', 3, 1, ['drink']],
      ['Cola', 2.8, 1, ['drink']],
    ],
  },
  {
    cuisine: 'pizza',
    names: ['Forno Rosso', 'Slice Route'],
    dishes: [
      ['Margherita', 8.5, 12, ['pizza', 'vegetarian']],
      ['Salami pizza', 10, 12, ['pizza']],
      ['Funghi pizza', 9.5, 12, ['pizza', 'vegetarian']],
      ['Garlic bread', 4, 6, ['side', 'vegetarian']],
      ['Tiramisu', 5, 2, ['dessert']],
      ['Sparkling water', 2.5, 1, ['drink']],
    ],
  },
  {
    cuisine: 'asian',
    names: ['Wok This Way', 'Lotus Bowl'],
    dishes: [
      ['Pad thai', 11.5, 10, ['noodles']],
      ['Green curry', 12, 11, ['curry', 'spicy']],
      ['Tofu fried rice', 10.5, 9, ['rice', 'vegetarian']],
      ['Spring rolls', 5, 6, ['side', 'vegetarian']],
      ['Jasmine tea', 2.5, 1, ['drink']],
    ],
  },
  {
    cuisine: 'coffee',
    names: ['Bean There', 'Drive-Thru Roasters', 'Morning Gear'],
    dishes: [
      ['Flat white', 3.6, 3, ['coffee']],
      ['Cappuccino', 3.4, 3, ['coffee']],
      ['Americano', 2.9, 2, ['coffee']],
      ['Croissant', 2.5, 1, ['pastry', 'vegetarian']],
      ['Chicken wrap', 6.5, 5, ['wrap']],
      ['Fruit cup', 4, 1, ['vegetarian']],
    ],
  },
  {
    cuisine: 'salads',
    names: ['Green Lane', 'Leaf & Ladle'],
    dishes: [
      ['Caesar salad', 9.5, 6, ['salad']],
      ['Falafel bowl', 10.5, 7, ['bowl', 'vegetarian']],
      ['Tomato soup', 6, 4, ['soup', 'vegetarian']],
      ['Iced tea', 3, 1, ['drink']],
    ],
  },
];

function offset(from: LatLon, northM: number, eastM: number): LatLon {
  const lat = from[0] + northM / M_PER_DEG_LAT;
  const lon = from[1] + eastM / (M_PER_DEG_LAT * Math.cos((from[0] * Math.PI) / 180));
  return [Number(lat.toFixed(6)), Number(lon.toFixed(6))];
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

/** The grid's nodes and roads, with a few links left out, but never so many that a node is cut off. */
function streets(random: SeededRandom): { nodes: CityNode[]; roads: CityRoad[] } {
  const half = ((GRID - 1) * SPACING_M) / 2;
  const nodes: CityNode[] = [];
  for (let row = 0; row < GRID; row += 1) {
    for (let column = 0; column < GRID; column += 1) {
      const jitter = (): number => (random.next() - 0.5) * 60;
      nodes.push({ id: row * GRID + column, at: offset(CENTER, row * SPACING_M - half + jitter(), column * SPACING_M - half + jitter()) });
    }
  }
  const middle = (GRID - 1) / 2;
  const roads: CityRoad[] = [];
  const add = (from: number, to: number, name: string, speedKmh: number): void => {
    roads.push({ from, to, name, speedKmh });
  };
  for (let row = 0; row < GRID; row += 1) {
    for (let column = 0; column < GRID - 1; column += 1) {
      const ring = row === 0 || row === GRID - 1;
      const boulevard = row === middle;
      const name = ring ? 'Ring Road' : boulevard ? 'Central Boulevard' : `${EAST_WEST[row] as string} Street`;
      if (!ring && !boulevard && random.next() < 0.07) continue;
      add(row * GRID + column, row * GRID + column + 1, name, ring ? 60 : boulevard ? 50 : 30);
    }
  }
  for (let column = 0; column < GRID; column += 1) {
    for (let row = 0; row < GRID - 1; row += 1) {
      const ring = column === 0 || column === GRID - 1;
      const boulevard = column === middle;
      const name = ring ? 'Ring Road' : boulevard ? 'River Road' : `${NORTH_SOUTH[column] as string} Avenue`;
      if (!ring && !boulevard && random.next() < 0.07) continue;
      add(row * GRID + column, (row + 1) * GRID + column, name, ring ? 60 : boulevard ? 50 : 30);
    }
  }
  // Every node must stay reachable: a node left with no road gets its link to the right back.
  const degree = new Map<number, number>();
  for (const road of roads) for (const end of [road.from, road.to]) degree.set(end, (degree.get(end) ?? 0) + 1);
  for (const node of nodes) {
    if ((degree.get(node.id) ?? 0) > 0) continue;
    const row = Math.floor(node.id / GRID);
    const neighbour = node.id % GRID < GRID - 1 ? node.id + 1 : node.id - 1;
    add(Math.min(node.id, neighbour), Math.max(node.id, neighbour), `${EAST_WEST[row] as string} Street`, 30);
  }
  return { nodes, roads };
}

function nodeAt(nodes: readonly CityNode[], row: number, column: number): CityNode {
  return nodes[row * GRID + column] as CityNode;
}

function addressOf(roads: readonly CityRoad[], node: number, random: SeededRandom): string {
  const road = roads.find((each) => each.from === node || each.to === node);
  return `${random.int(1, 120)} ${road?.name ?? 'Ring Road'}`;
}

function chargers(nodes: readonly CityNode[], roads: readonly CityRoad[], random: SeededRandom): { tariffs: CityTariff[]; chargers: CityChargerLocation[] } {
  const tariffs: CityTariff[] = [
    { id: 'AC-STANDARD', currency: 'EUR', perKwh: 0.49, perSession: 0, perMinute: 0.1, idleAfterMinutes: 240 },
    { id: 'DC-FAST', currency: 'EUR', perKwh: 0.69, perSession: 0, perMinute: 0.1, idleAfterMinutes: 45 },
    { id: 'DC-ULTRA', currency: 'EUR', perKwh: 0.79, perSession: 1, perMinute: 0.2, idleAfterMinutes: 45 },
    { id: 'CITY-AC', currency: 'EUR', perKwh: 0.39, perSession: 0.5, perMinute: 0.05, idleAfterMinutes: 180 },
  ];
  const result: CityChargerLocation[] = [];
  const used = new Set<number>();
  for (let index = 0; index < 24; index += 1) {
    let node: CityNode;
    do node = nodeAt(nodes, random.int(0, GRID - 1), random.int(0, GRID - 1));
    while (used.has(node.id));
    used.add(node.id);
    const operator = random.pick(OPERATORS);
    const fast = random.next() < 0.45;
    const evses: CityEvse[] = [];
    const count = fast ? random.int(2, 6) : random.int(1, 4);
    const power = fast ? random.pick([50, 150, 150, 300]) : random.pick([11, 22, 22]);
    const id = `LOC-${String(index + 1).padStart(3, '0')}`;
    for (let e = 0; e < count; e += 1) {
      const connectors: CityConnector[] = [];
      const uid = `${id}-E${e + 1}`;
      if (fast) {
        connectors.push({ id: '1', standard: 'IEC_62196_T2_COMBO', powerType: 'DC', maxPowerKw: power, tariffId: power >= 300 ? 'DC-ULTRA' : 'DC-FAST' });
        if (power === 50 && random.next() < 0.5) connectors.push({ id: '2', standard: 'CHADEMO', powerType: 'DC', maxPowerKw: 50, tariffId: 'DC-FAST' });
      } else {
        connectors.push({ id: '1', standard: 'IEC_62196_T2', powerType: 'AC_3_PHASE', maxPowerKw: power, tariffId: operator === 'CityPower' ? 'CITY-AC' : 'AC-STANDARD' });
      }
      evses.push({ uid, connectors });
    }
    const at = offset(node.at, (random.next() - 0.5) * 40, (random.next() - 0.5) * 40);
    const address = addressOf(roads, node.id, random);
    result.push({ id, name: `${operator} ${address.replace(/^\d+ /, '')}${fast ? ' fast' : ''}`, operator, address, at, evses });
  }
  return { tariffs, chargers: result };
}

function restaurants(nodes: readonly CityNode[], roads: readonly CityRoad[], random: SeededRandom): CityRestaurant[] {
  const result: CityRestaurant[] = [];
  let index = 0;
  for (const group of CUISINES) {
    for (const name of group.names) {
      index += 1;
      const node = nodeAt(nodes, random.int(1, GRID - 2), random.int(1, GRID - 2));
      const id = `R${String(index).padStart(2, '0')}`;
      const menu: CityDish[] = group.dishes.map(([dish, price, prepMinutes, tags], d) => ({ id: `${id}-D${d + 1}`, name: dish, price: round(price + (random.next() < 0.3 ? 0.5 : 0)), prepMinutes, tags }));
      // Open around the clock (so the sample works at any hour), but for one breakfast place.
      const breakfast = name === 'Morning Gear';
      result.push({ id, name, cuisine: group.cuisine, at: offset(node.at, (random.next() - 0.5) * 60, (random.next() - 0.5) * 60), address: addressOf(roads, node.id, random), opensHour: breakfast ? 6 : 0, closesHour: breakfast ? 11 : 24, menu });
    }
  }
  return result;
}

export function generateCity(seed = 7): City {
  const random = new SeededRandom(seed);
  const { nodes, roads } = streets(random);
  const places: CityPlace[] = PLACES.map((place, index) => {
    const node = nodeAt(nodes, place.cell[0], place.cell[1]);
    return { id: `P${String(index + 1).padStart(2, '0')}`, name: place.name, kind: place.kind, at: offset(node.at, 15, 15), aliases: place.aliases };
  });
  const charging = chargers(nodes, roads, random);
  const food = restaurants(nodes, roads, random);
  // A sanity check worth failing on: the grid is about the size it claims.
  const span = metersBetween(nodeAt(nodes, 0, 0).at, nodeAt(nodes, GRID - 1, GRID - 1).at);
  if (span < 5000 || span > 7000) throw new Error(`the generated grid spans ${span.toFixed(0)} m corner to corner`);
  return {
    name: 'Glovebox sample city',
    notice: 'SAMPLE DATA generated by miniapps/backends/node/cityGenerator.ts: invented streets, chargers, restaurants and places laid over Munich\'s Altstadt. Nothing in it is real.',
    seed,
    nodes,
    roads,
    places,
    tariffs: charging.tariffs,
    chargers: charging.chargers,
    restaurants: food,
  };
}

/** The committed file's text: one JSON document, stable across runs. */
export function cityFileText(city: City): string {
  return `${JSON.stringify(city)}\n`;
}

// Regenerates miniapps/backends/data/city.json (the bundled apps' sample data) after a change to
// the generator. Run after `npm run build`; a unit test fails while the committed file is stale.
import { writeFileSync } from 'node:fs';
import { CITY_FILE } from '../build/miniapps/backends/node/city.js';
import { cityFileText, generateCity } from '../build/miniapps/backends/node/cityGenerator.js';

const city = generateCity();
writeFileSync(CITY_FILE, cityFileText(city));
console.log(`${CITY_FILE}: ${city.nodes.length} nodes, ${city.roads.length} roads, ${city.places.length} places, ${city.chargers.length} charging locations, ${city.restaurants.length} restaurants`);

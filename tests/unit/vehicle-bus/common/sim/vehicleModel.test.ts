/** The tester's hands on the simulated EV: set the state of charge, put the car somewhere. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ROUTE, distanceMeters, Route } from '../../../../../vehicle-bus/common/sim/route.js';
import { VehicleModel } from '../../../../../vehicle-bus/common/sim/vehicleModel.js';

const PARKED = { speedKmh: 0, gear: 'P', parkingBrake: true, chargeKw: 0 } as const;

test('the displayed state of charge is what the tester sets, and the range follows it', () => {
  const model = new VehicleModel(new Route(DEFAULT_ROUTE), 80);
  model.setDisplayedSoc(12);
  const low = model.snapshot();
  assert.ok(Math.abs(low.displayedSocPercent - 12) < 1e-9);
  assert.ok(low.socPercent > 12 && low.socPercent < 15, 'the physical SoC keeps the hidden buffer');
  model.setDisplayedSoc(50);
  assert.ok(model.snapshot().rangeKm > low.rangeKm * 4);
  assert.throws(() => model.setDisplayedSoc(101), /expected 0 to 100 %, found 101/);
  assert.throws(() => model.setDisplayedSoc(Number.NaN), /found NaN/);
});

test('a point on the route: the car is there and drives on along the route', () => {
  const route = new Route(DEFAULT_ROUTE);
  const model = new VehicleModel(route);
  const target = route.positionAt(700);
  assert.ok(model.placeAt(target) < 0.5);
  const placed = model.snapshot();
  assert.ok(distanceMeters(target, [placed.latitude, placed.longitude]) < 0.5);
  model.step(1, PARKED);
  model.step(11, { speedKmh: 36, gear: 'D', parkingBrake: false, chargeKw: 0 });
  const moved = model.snapshot();
  // 10 s from 0 to 10 m/s: 50 m along the route.
  assert.ok(distanceMeters(route.positionAt(750), [moved.latitude, moved.longitude]) < 1);
});

test('a point off the route: the car is exactly there, and says how far off the route it is', () => {
  const route = new Route([
    [48, 11],
    [48, 11.01],
  ]);
  const model = new VehicleModel(route);
  const off = model.placeAt([48.001, 11.005]);
  assert.ok(Math.abs(off - 111.2) < 1, `${off} m`);
  const placed = model.snapshot();
  assert.ok(distanceMeters([48.001, 11.005], [placed.latitude, placed.longitude]) < 0.01);
  assert.throws(() => model.placeAt([91, 0]), /expected a latitude and longitude, found 91, 0/);
});

test('following another route: the car goes on from the nearest point of it, and stops at the end of a trip', () => {
  const model = new VehicleModel(new Route(DEFAULT_ROUTE));
  const trip = new Route(
    [
      [48.13743, 11.57549],
      [48.13743, 11.58549],
    ],
    false,
  );
  model.follow(trip);
  model.step(1, PARKED);
  // 10 minutes at 36 km/h is 6 km: far past the trip's 740 m.
  model.step(601, { speedKmh: 36, gear: 'D', parkingBrake: false, chargeKw: 0 });
  const at = model.snapshot();
  assert.ok(distanceMeters([at.latitude, at.longitude], [48.13743, 11.58549]) < 1, 'waits at the destination');
});

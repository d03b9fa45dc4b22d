/**
 * A simple EV: longitudinal dynamics for the energy drawn (or recovered) at each step, a
 * battery whose state of charge falls with it, the range that follows, and the position
 * along a route. Good enough that SoC and range move the way a driver expects; not a
 * powertrain model.
 */
import type { VssValue } from '../vss/catalog.js';
import { GEAR_CODES, VSS } from '../vss/catalog.js';
import type { LatLon, Route } from './route.js';
import type { DriverInput, Gear } from './timeline.js';

export interface EvParameters {
  readonly massKg: number;
  /** Drag coefficient × frontal area, m². */
  readonly dragAreaM2: number;
  readonly rollingResistance: number;
  readonly drivetrainEfficiency: number;
  /** Share of braking energy recovered. */
  readonly regenEfficiency: number;
  /** Heating, lights, electronics, W. */
  readonly auxiliaryW: number;
  readonly usableCapacityKWh: number;
  /** Consumption the range estimate assumes, kWh per 100 km. */
  readonly ratedConsumptionKWhPer100Km: number;
}

/** A compact EV of about the Hyundai Kona Electric's size (64 kWh). */
export const DEFAULT_EV: EvParameters = {
  massKg: 1800,
  dragAreaM2: 0.7,
  rollingResistance: 0.011,
  drivetrainEfficiency: 0.9,
  regenEfficiency: 0.6,
  auxiliaryW: 500,
  usableCapacityKWh: 64,
  ratedConsumptionKWhPer100Km: 16,
};

const AIR_DENSITY = 1.2;
const GRAVITY = 9.81;
/** The displayed SoC hides a buffer at both ends of the physical SoC, percent. */
const DISPLAY_BOTTOM = 2.5;
const DISPLAY_TOP = 97.5;

export interface VehicleSnapshot {
  readonly time: number;
  readonly speedKmh: number;
  readonly gear: Gear;
  readonly parkingBrake: boolean;
  readonly socPercent: number;
  readonly displayedSocPercent: number;
  readonly rangeKm: number;
  readonly odometerKm: number;
  readonly latitude: number;
  readonly longitude: number;
  readonly charging: boolean;
  readonly packVoltage: number;
  /** Positive into the battery (VSS convention), A. */
  readonly packCurrent: number;
}

/** The snapshot as VSS values, by path. */
export function vssValuesOf(snapshot: VehicleSnapshot): ReadonlyMap<string, VssValue> {
  return new Map<string, VssValue>([
    [VSS.speed, snapshot.speedKmh],
    [VSS.selectedGear, GEAR_CODES[snapshot.gear]],
    [VSS.parkingBrake, snapshot.parkingBrake],
    ['Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', snapshot.socPercent],
    [VSS.stateOfCharge, snapshot.displayedSocPercent],
    [VSS.range, Math.round(snapshot.rangeKm * 1000)],
    ['Vehicle.TraveledDistance', snapshot.odometerKm],
    [VSS.latitude, snapshot.latitude],
    [VSS.longitude, snapshot.longitude],
    ['Vehicle.Powertrain.TractionBattery.Charging.IsCharging', snapshot.charging],
    ['Vehicle.Powertrain.TractionBattery.CurrentVoltage', snapshot.packVoltage],
    ['Vehicle.Powertrain.TractionBattery.CurrentCurrent', snapshot.packCurrent],
    ['Vehicle.LowVoltageSystemState', 'ON'],
  ]);
}

export class VehicleModel {
  private time = 0;
  private speedMps = 0;
  private soc: number;
  private odometerM: number;
  private routeM = 0;
  /** Where the tester placed the car off the route: it drives the route's shape from there. */
  private offset: LatLon = [0, 0];
  private input: DriverInput = { speedKmh: 0, gear: 'P', parkingBrake: true, chargeKw: 0 };
  private powerW = 0;

  constructor(
    private route: Route,
    startSocPercent = 80,
    startOdometerKm = 12345,
    private readonly ev: EvParameters = DEFAULT_EV,
  ) {
    this.soc = startSocPercent;
    this.odometerM = startOdometerKm * 1000;
  }

  /** Moves the model to `time` (s) with the driver's input over that step. */
  step(time: number, input: DriverInput): void {
    const dt = time - this.time;
    if (dt < 0) throw new RangeError(`time went backwards: ${time} < ${this.time}`);
    const nextSpeed = input.speedKmh / 3.6;
    const acceleration = dt > 0 ? (Math.abs(nextSpeed) - Math.abs(this.speedMps)) / dt : 0;
    const v = (Math.abs(nextSpeed) + Math.abs(this.speedMps)) / 2;
    const tractive =
      this.ev.massKg * acceleration + 0.5 * AIR_DENSITY * this.ev.dragAreaM2 * v * v + this.ev.rollingResistance * this.ev.massKg * GRAVITY * (v > 0 ? 1 : 0);
    const wheelPower = tractive * v;
    const batteryPower = wheelPower >= 0 ? wheelPower / this.ev.drivetrainEfficiency : wheelPower * this.ev.regenEfficiency;
    this.powerW = batteryPower + this.ev.auxiliaryW - input.chargeKw * 1000;
    const energyKWh = (this.powerW * dt) / 3.6e6;
    this.soc = Math.min(100, Math.max(0, this.soc - (energyKWh / this.ev.usableCapacityKWh) * 100));
    const distance = ((nextSpeed + this.speedMps) / 2) * dt;
    this.odometerM += Math.abs(distance);
    this.routeM += distance;
    this.speedMps = nextSpeed;
    this.time = time;
    this.input = input;
  }

  /** The tester sets the state of charge the driver sees (%); the physical one follows. */
  setDisplayedSoc(percent: number): void {
    if (!(percent >= 0 && percent <= 100)) throw new RangeError(`state of charge: expected 0 to 100 %, found ${percent}`);
    this.soc = DISPLAY_BOTTOM + (percent / 100) * (DISPLAY_TOP - DISPLAY_BOTTOM);
  }

  /**
   * The tester puts the car at a point: at the nearest point of the route, moved by what is
   * left over, so the car is exactly there and drives on along the route's shape.
   * Returns how far the point is from the route (m).
   */
  placeAt(point: LatLon): number {
    if (!(Math.abs(point[0]) <= 90 && Math.abs(point[1]) <= 180)) throw new RangeError(`position: expected a latitude and longitude, found ${point.join(', ')}`);
    const { alongMeters, offMeters } = this.route.nearest(point);
    this.routeM = alongMeters;
    const [latitude, longitude] = this.route.positionAt(alongMeters);
    this.offset = [point[0] - latitude, point[1] - longitude];
    return offMeters;
  }

  /**
   * Drives another route from here on (the navigation app's, in the simulator): from the point
   * of it nearest to where the car is now.
   */
  follow(route: Route): void {
    const { latitude, longitude } = this.snapshot();
    this.route = route;
    this.offset = [0, 0];
    this.routeM = route.nearest([latitude, longitude]).alongMeters;
  }

  snapshot(): VehicleSnapshot {
    const displayed = Math.min(100, Math.max(0, ((this.soc - DISPLAY_BOTTOM) / (DISPLAY_TOP - DISPLAY_BOTTOM)) * 100));
    const [routeLatitude, routeLongitude] = this.route.positionAt(this.routeM);
    const [latitude, longitude] = [routeLatitude + this.offset[0], routeLongitude + this.offset[1]];
    const packVoltage = 320 + 0.8 * this.soc;
    return {
      time: this.time,
      speedKmh: this.speedMps * 3.6,
      gear: this.input.gear,
      parkingBrake: this.input.parkingBrake,
      socPercent: this.soc,
      displayedSocPercent: displayed,
      rangeKm: ((displayed / 100) * this.ev.usableCapacityKWh * 100) / this.ev.ratedConsumptionKWhPer100Km,
      odometerKm: this.odometerM / 1000,
      latitude,
      longitude,
      charging: this.input.chargeKw > 0,
      packVoltage,
      packCurrent: -this.powerW / packVoltage,
    };
  }
}

import type { World } from './world.js';

/**
 * The national accounts of one step, at current prices, by state (and value added by firm).
 * Sales are valued at the seller's price, purchases and final spending at the buyer's
 * duty-inclusive price; intermediate consumption is the inputs used in production valued at the
 * slot's delivered price this step. Export finance (a price support) lowers what buyers pay below
 * the seller's price; its issuer pays the difference. The accounts close by construction, and a
 * property test checks it from the edges: Σ (value added + tariff revenue − export finance) =
 * Σ (final spending + inventory investment), where inventory investment = purchases −
 * intermediate consumption.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * step(world);
 * const accounts = nationalAccounts(world);
 * const us = world.stateIndex.get('US')!;
 * console.log(accounts.valueAdded[us]!.toFixed(1), accounts.cpi[us]); // 463.9 1
 * ```
 */
export interface NationalAccounts {
  /** Sales of each firm (output × its price). */
  readonly firmSales: Float64Array;
  /** Value added of each firm: sales − intermediate consumption. */
  readonly firmValueAdded: Float64Array;
  /** Sales of each state's firms. */
  readonly sales: Float64Array;
  /** Value added of each state's firms. */
  readonly valueAdded: Float64Array;
  /** Purchases of inputs by each state's firms, duty included. */
  readonly purchases: Float64Array;
  /** Inputs each state's firms used in production, valued at this step's delivered prices. */
  readonly intermediateConsumption: Float64Array;
  /** Final demand received by each state, at its duty-inclusive prices. */
  readonly finalSpending: Float64Array;
  /** Duty paid on each state's imports (its tariff revenue). */
  readonly tariffRevenue: Float64Array;
  /** Export finance each state paid: the part of its firms' prices it paid for their buyers abroad. */
  readonly exportFinance: Float64Array;
  /**
   * Consumer price index of each state: its final-demand basket at base quantities, this step's
   * delivered prices over base prices (Laspeyres); 1 for a state without final demand.
   */
  readonly cpi: Float64Array;
}

/**
 * Computes the national accounts of the world's current step (see {@link NationalAccounts}).
 *
 * @example
 * ```ts
 * const world = createWorld({ ...spec, measures: [{ type: 'tariff', issuer: 'US', rate: 0.5, from: ['CN'] }] }, 1);
 * step(world);
 * const { tariffRevenue } = nationalAccounts(world);
 * console.log(tariffRevenue[world.stateIndex.get('US')!]! > 0, tariffRevenue[world.stateIndex.get('CN')!]); // true 0
 * ```
 */
export function nationalAccounts(world: World): NationalAccounts {
  const S = world.stateIds.length;
  const F = world.firmIds.length;
  const {
    firmState,
    firmOutput,
    firmPrice,
    firmSlotStart,
    slotUsed,
    slotPrice,
    slotEdgeStart,
    slotOwner,
    slotAmount,
    slotProduct,
    firmSlotCount,
  } = world;
  const { edgeSupplier, edgeDelivered, edgeTariff, finalDemandState, productPrice } = world;
  const firmSales = new Float64Array(F);
  const firmValueAdded = new Float64Array(F);
  const sales = new Float64Array(S);
  const valueAdded = new Float64Array(S);
  const purchases = new Float64Array(S);
  const intermediateConsumption = new Float64Array(S);
  const finalSpending = new Float64Array(S);
  const tariffRevenue = new Float64Array(S);
  const basketNow = new Float64Array(S);
  const basketBase = new Float64Array(S);

  for (let f = 0; f < F; f++) {
    const s = firmState[f]!;
    const revenue = firmOutput[f]! * firmPrice[f]!;
    let used = 0;
    for (let slot = firmSlotStart[f]!; slot < firmSlotStart[f + 1]!; slot++) used += slotUsed[slot]! * slotPrice[slot]!;
    firmSales[f] = revenue;
    firmValueAdded[f] = revenue - used;
    sales[s]! += revenue;
    valueAdded[s]! += revenue - used;
    intermediateConsumption[s]! += used;
  }
  const slots = slotOwner.length;
  for (let slot = 0; slot < slots; slot++) {
    const firmSlot = slot < firmSlotCount;
    const buyer = firmSlot ? firmState[slotOwner[slot]!]! : finalDemandState[slotOwner[slot]!]!;
    let paid = 0;
    let duty = 0;
    for (let e = slotEdgeStart[slot]!; e < slotEdgeStart[slot + 1]!; e++) {
      const value = edgeDelivered[e]! * firmPrice[edgeSupplier[e]!]!;
      paid += value;
      duty += value * edgeTariff[e]!;
    }
    tariffRevenue[buyer]! += duty; // net of the export finance its buyers received, added back below
    if (firmSlot) purchases[buyer]! += paid + duty;
    else {
      finalSpending[buyer]! += paid + duty;
      basketNow[buyer]! += slotAmount[slot]! * slotPrice[slot]!;
      basketBase[buyer]! += slotAmount[slot]! * productPrice[slotProduct[slot]!]!;
    }
  }
  // The edge rates carry tariff − finance rate: the finance the state's buyers received is not duty.
  const received = world.policy.stateFinanceReceived;
  for (let s = 0; s < S; s++) tariffRevenue[s]! += received[s]!;
  const exportFinance = Float64Array.from(world.policy.stateExportFinance);
  const cpi = new Float64Array(S);
  for (let s = 0; s < S; s++) cpi[s] = basketBase[s]! > 0 ? basketNow[s]! / basketBase[s]! : 1;
  return {
    firmSales,
    firmValueAdded,
    sales,
    valueAdded,
    purchases,
    intermediateConsumption,
    finalSpending,
    tariffRevenue,
    exportFinance,
    cpi,
  };
}

/**
 * Welfare of each state as real income: (value added + tariff revenue − export finance − λ·subsidies
 * paid) / CPI, with λ = `costOfFunds`, the marginal excess burden of the taxes that pay for
 * subsidies (subsidies are transfers: only their deadweight cost is a loss; export finance is a
 * transfer to buyers abroad, so it is lost in full, and counted among the subsidies too). The doc of
 * {@link NationalAccounts} defines the parts.
 *
 * @example
 * ```ts
 * const world = createWorld(spec, 1);
 * step(world);
 * const welfare = realIncome(world, nationalAccounts(world));
 * console.log(welfare[world.stateIndex.get('US')!]!.toFixed(1)); // 463.9
 * ```
 */
export function realIncome(world: World, accounts: NationalAccounts): Float64Array {
  const S = world.stateIds.length;
  const lambda = world.params.costOfFunds;
  const subsidies = world.policy.stateSubsidyPaid;
  const out = new Float64Array(S);
  for (let s = 0; s < S; s++)
    out[s] =
      (accounts.valueAdded[s]! + accounts.tariffRevenue[s]! - accounts.exportFinance[s]! - lambda * subsidies[s]!) /
      accounts.cpi[s]!;
  return out;
}

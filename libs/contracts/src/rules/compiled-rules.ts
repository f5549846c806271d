import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, type ValidationArguments, ValidationTypes } from 'class-validator';

/**
 * The contract classes' own decorators, compiled once per class into plain checks: the same transforms
 * class-transformer's `plainToInstance` applies and the same constraint functions class-validator's
 * `validateSync` calls, without their per-call metadata lookups and error trees (a fifth of the bridge's
 * CPU when it judged with them). It only answers yes or no: a "no" is described by class-validator
 * itself, so dead-letter messages stay its own (check-event.ts). apps/bridge/src/intake/compiled-rules.spec.ts proves both give
 * the same verdict and the same data on the bad-input corpus, simulated traffic and fuzzed events.
 */

type Class = new () => object;
type Constructor = abstract new (...args: never[]) => unknown;

interface PropertyPlan {
  name: string;
  /** IsOptional: every check is skipped when a condition says no (the value is null or undefined). */
  conditions: Array<(object: object, value: unknown) => boolean>;
  checks: Array<{
    validate: (value: unknown, args: ValidationArguments) => boolean;
    each: boolean;
    constraints: unknown[];
    validateIf?: (object: object, value: unknown) => boolean;
  }>;
  nested: boolean;
}

interface ClassPlan {
  properties: PropertyPlan[];
  transforms: Map<string, Array<(params: object) => unknown>>;
  types: Map<string, Class>;
}

const plans = new Map<Constructor, ClassPlan | null>();

function planOf(target: Constructor): ClassPlan | null {
  let plan = plans.get(target);
  if (plan === undefined) {
    plan = compile(target);
    plans.set(target, plan);
  }
  return plan;
}

function compile(target: Constructor): ClassPlan | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false);
  if (metadatas.length === 0) return null;
  const grouped = storage.groupByPropertyName(metadatas);
  const properties = Object.entries(grouped).map(([name, list]): PropertyPlan => {
    const of = (type: string) => list.filter((m) => m.type === type);
    if (list.some((m) => ![...Object.values(KNOWN)].includes(m.type)))
      throw new Error(`${target.name}.${name}: a validation kind the compiled rules do not know`);
    return {
      name,
      conditions: of(ValidationTypes.CONDITIONAL_VALIDATION).map(
        (m) => m.constraints[0] as (object: object, value: unknown) => boolean,
      ),
      checks: of(ValidationTypes.CUSTOM_VALIDATION).flatMap((m) =>
        storage.getTargetValidatorConstraints(m.constraintCls).map((c) => ({
          validate: (value: unknown, args: ValidationArguments) =>
            (c.instance as { validate: (v: unknown, a: ValidationArguments) => boolean }).validate(
              value,
              args,
            ),
          each: m.each,
          constraints: m.constraints,
          validateIf: m.validateIf,
        })),
      ),
      nested: of(ValidationTypes.NESTED_VALIDATION).length > 0,
    };
  });
  const transforms = new Map<string, Array<(params: object) => unknown>>();
  const types = new Map<string, Class>();
  for (const { name } of properties) {
    const found = defaultMetadataStorage
      .findTransformMetadatas(target, name, PLAIN_TO_CLASS)
      .filter((m) => !m.options?.groups?.length);
    if (found.length > 0)
      transforms.set(
        name,
        found.map((m) => m.transformFn as (p: object) => unknown),
      );
    const type = defaultMetadataStorage.findTypeMetadata(target, name);
    if (type) types.set(name, type.typeFunction() as Class);
  }
  return { properties, transforms, types };
}

const KNOWN = {
  custom: ValidationTypes.CUSTOM_VALIDATION,
  nested: ValidationTypes.NESTED_VALIDATION,
  conditional: ValidationTypes.CONDITIONAL_VALIDATION,
};
// class-transformer's TransformationType.PLAIN_TO_CLASS.
const PLAIN_TO_CLASS = 0;

/** As `plainToInstance(target, plain)`: a new instance (defaults set), nested classes and transforms applied. */
export function toInstance<T extends object>(target: new () => T, plain: object): T {
  const plan = planOf(target);
  const instance = new target() as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    // class-transformer never assigns over what the class inherits as a function (constructor, toString…).
    if (instance[key] instanceof Function) continue;
    let value = (plain as Record<string, unknown>)[key];
    const type = plan?.types.get(key);
    if (type) value = toNested(type, value);
    for (const transform of plan?.transforms.get(key) ?? [])
      value = transform({ value, key, obj: plain, type: PLAIN_TO_CLASS, options: {} });
    instance[key] = value;
  }
  return instance as T;
}

function toNested(type: Class, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => toNested(type, item));
  return value !== null && typeof value === 'object' ? toInstance(type, value) : value;
}

/** As `validateSync(instance).length === 0`, for an instance `toInstance` made. */
export function satisfiesRules(instance: object): boolean {
  const plan = planOf(instance.constructor as Constructor);
  // class-validator's forbidUnknownValues: an object of no contract class is refused.
  if (!plan) return false;
  for (const property of plan.properties) {
    const value = (instance as Record<string, unknown>)[property.name];
    if (!property.conditions.every((condition) => condition(instance, value))) continue;
    for (const check of property.checks) {
      if (check.validateIf && !check.validateIf(instance, value)) continue;
      const args: ValidationArguments = {
        targetName: instance.constructor.name,
        property: property.name,
        object: instance,
        value,
        constraints: check.constraints,
      };
      const ok =
        check.each && Array.isArray(value)
          ? value.every((item) => check.validate(item, args))
          : check.validate(value, args);
      if (!ok) return false;
    }
    if (property.nested && !nestedSatisfies(value)) return false;
  }
  return true;
}

/** class-validator's ValidateNested: lists item by item (lists in lists too), objects by their own class. */
function nestedSatisfies(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every(nestedSatisfies);
  return value instanceof Object && satisfiesRules(value);
}

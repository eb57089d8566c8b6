/** Shapes of the generated Redis 7.0 command facts (see scripts/gen-commands.mjs). */
export interface KeySpecFacts {
  flags?: string[];
  begin_search: { index?: { pos: number }; keyword?: { keyword: string; startfrom: number }; unknown?: null };
  find_keys: { range?: { lastkey: number; step: number; limit: number }; keynum?: { keynumidx: number; firstkey: number; step: number }; unknown?: null };
  notes?: string;
}

export interface ArgFacts {
  name: string;
  type: string;
  token?: string;
  optional?: boolean;
  multiple?: boolean;
  multiple_token?: boolean;
  key_spec_index?: number;
  since?: string;
  deprecated_since?: string;
  display?: string;
  arguments?: ArgFacts[];
  value?: string | string[];
}

export interface CommandFacts {
  arity: number;
  group: string;
  since: string;
  flags: string[];
  acl: string[];
  keySpecs: KeySpecFacts[];
  container?: string;
  args?: ArgFacts[];
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string | string[];
  tips?: string[];
}

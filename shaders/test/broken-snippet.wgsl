// Test-only snippet with an unresolved identifier on line 4.

fn broken_helper() -> u32 {
  return undefined_value;
}

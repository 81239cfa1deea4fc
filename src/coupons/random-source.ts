// Moved to src/core/codes (shared by coupons and referral codes in src/rules, which may not import
// src/coupons); kept here so existing imports of this path keep working.
export * from '../core/codes/random-source.js';

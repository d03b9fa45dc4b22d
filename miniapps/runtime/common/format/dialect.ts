/** The two mini-program dialects Glovebox reads: WeChat's (wx, WXML, WXSS, WXS) and Alipay's (my, AXML, ACSS, SJS). */
export const DIALECTS = ['wechat', 'alipay'] as const;
export type Dialect = (typeof DIALECTS)[number];

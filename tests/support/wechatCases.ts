/**
 * Template cases rendered by WeChat's own compiler (the oracle, tests/support/wechatOracle.ts)
 * and by the host's drawing in Chromium (tests/e2e/templateOracle.test.ts): every template
 * feature, with data.
 */
export interface Case {
  readonly name: string;
  readonly wxml: string;
  readonly data: Record<string, unknown>;
  readonly files?: Record<string, string>;
}

const SHOP = { name: 'Roma', open: true, rating: 4, tags: ['pizza', 'pasta'], address: { city: 'Munich', zip: '80331' } };
const ITEMS = [
  { id: 'a', name: 'Margherita', price: 8.5, hot: false },
  { id: 'b', name: 'Diavola', price: 11, hot: true },
  { id: 'c', name: 'Water', price: 2, hot: false },
];

export const CASES: readonly Case[] = [
  { name: 'text bindings: paths, index access, arithmetic, comparison, ternary, concatenation', wxml: '<view>{{shop.name}} ({{shop.address.city}}, {{shop.tags[1]}}) {{shop.rating * 2}} {{shop.rating > 4 ? "great" : "ok"}} {{"No. " + count + 1}} {{count + 1}} {{-count}} {{!shop.open}} {{missing}} {{shop.tags.length}}</view>', data: { shop: SHOP, count: 3 } },
  { name: 'attribute bindings: typed single bindings, mixed text, the "false" string quirk', wxml: '<view class="card {{shop.open ? \'open\' : \'closed\'}} r{{shop.rating}}" hidden="{{!shop.open}}"><view hidden="{{shop.open}}">a</view><view wx:if="false">string</view><view wx:if="{{false}}">bool</view><view wx:if="{{0}}">zero</view><view wx:if="{{\'\'}}">empty</view></view>', data: { shop: SHOP } },
  { name: 'wx:for with item, index and key; nested loops; default names', wxml: '<view wx:for="{{items}}" wx:for-item="dish" wx:for-index="i" wx:key="id" class="row">{{i}}.{{dish.name}}<text wx:for="{{shop.tags}}" wx:key="*this">{{index}}{{item}}</text></view>', data: { items: ITEMS, shop: SHOP } },
  { name: 'wx:for over an object, a string, an array literal; legacy wx:for-items', wxml: '<view><text wx:for="{{shop.address}}">{{index}}={{item}};</text><text wx:for="abc">{{item}}</text><text wx:for="{{[1, 2, extra[0]]}}">{{item}}</text><text wx:for-items="{{shop.tags}}">{{item}}</text></view>', data: { shop: SHOP, extra: [3, 4] } },
  { name: 'wx:if / wx:elif / wx:else chains, and wx:for outranking wx:if on one element', wxml: '<view><view wx:for="{{items}}" wx:if="{{item.price > 5}}">{{item.name}}</view><block wx:for="{{items}}"><view wx:if="{{item.hot}}">hot {{item.name}}</view><view wx:elif="{{item.price < 5}}">cheap {{item.name}}</view><view wx:else>plain {{item.name}}</view></block></view>', data: { items: ITEMS } },
  { name: 'block groups without an element; nested blocks with conditions', wxml: '<view><block wx:if="{{shop.open}}"><text>open</text><block wx:for="{{shop.tags}}"><text>{{item}}</text></block></block><block wx:else><text>closed</text></block></view>', data: { shop: SHOP } },
  { name: 'template: definition, use with spread data and literals, dynamic is', wxml: '<template name="dish"><view class="dish">{{name}} {{price}} {{note}}</view></template><template name="drink"><view class="drink">{{name}}</view></template><view><template is="dish" data="{{...items[0], note: \'new\'}}"/><template is="{{items[2].price < 5 ? \'drink\' : \'dish\'}}" data="{{...items[2]}}"/><template wx:for="{{items}}" is="dish" data="{{name: item.name, price: item.price}}"/></view>', data: { items: ITEMS } },
  {
    name: 'import is not transitive; include brings content but not templates',
    wxml: '<import src="lib/a.wxml"/><view><template is="a" data="{{x: 1}}"/><template is="b" data="{{x: 2}}"/><include src="lib/footer.wxml"/></view>',
    files: {
      'lib/a.wxml': '<import src="b.wxml"/><template name="a"><text>A{{x}}</text></template>',
      'lib/b.wxml': '<template name="b"><text>B{{x}}</text></template>',
      'lib/footer.wxml': '<template name="c"><text>C</text></template><text class="footer">{{shop.name}} footer</text>',
    },
    data: { shop: SHOP },
  },
  // WeChat's compiler refuses array spread ([...list]); only object spread is WXML. Ours accepts
  // both (a superset), tested in the IR tests.
  { name: 'array literals and object literals with spread', wxml: '<view><template name="t"><text>{{a}}-{{b}}-{{c.length}}</text></template><template is="t" data="{{...base, b: 9, c: [list[0], 4]}}"/><text wx:for="{{[list[0], \'x\', list.length]}}">{{item}}</text></view>', data: { base: { a: 1, b: 2 }, list: [1, 2, 3] } },
  // A bare "<" in text is an error to WeChat's compiler; ours reads it as text (tested in the IR tests).
  { name: 'entities stay as written (WXML decodes only in <text decode>); bound text is escaped', wxml: '<view>a &lt; b &amp; {{text}} &gt; c</view>', data: { text: '<b>not bold</b> & "quoted"' } },
];

/**
 * The 50 US states by two-letter code with their 2010 census population in thousands, so that
 * reviewers are spread roughly the way people are (the dataset's reviews date from 1998–2012).
 */
export const US_STATE_POPULATION: readonly (readonly [code: string, thousands: number])[] = [
  ['AL', 4780], ['AK', 710], ['AZ', 6392], ['AR', 2916], ['CA', 37254],
  ['CO', 5029], ['CT', 3574], ['DE', 898], ['FL', 18801], ['GA', 9688],
  ['HI', 1360], ['ID', 1568], ['IL', 12831], ['IN', 6484], ['IA', 3046],
  ['KS', 2853], ['KY', 4339], ['LA', 4533], ['ME', 1328], ['MD', 5774],
  ['MA', 6548], ['MI', 9884], ['MN', 5304], ['MS', 2967], ['MO', 5989],
  ['MT', 989], ['NE', 1826], ['NV', 2701], ['NH', 1316], ['NJ', 8792],
  ['NM', 2059], ['NY', 19378], ['NC', 9535], ['ND', 673], ['OH', 11537],
  ['OK', 3751], ['OR', 3831], ['PA', 12702], ['RI', 1053], ['SC', 4625],
  ['SD', 814], ['TN', 6346], ['TX', 25146], ['UT', 2764], ['VT', 626],
  ['VA', 8001], ['WA', 6725], ['WV', 1853], ['WI', 5687], ['WY', 564],
];

import cardUrl from './images/card.jpg'

// An image imported in code: its URL is whatever the build resolved, a delivery URL
// when the plugin uploaded it.
const card = document.createElement('img')
card.src = cardUrl
card.width = 480
card.height = 300
card.alt = 'A card image imported from TypeScript'
document.querySelector('#imported')?.append(card)

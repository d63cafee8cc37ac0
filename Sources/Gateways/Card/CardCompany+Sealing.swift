public import Marketplace

/// The card route seals what the server stores with the adapter's own cipher.
extension CardCompany: CardSealing {}

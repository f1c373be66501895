import type { NameGroup } from './geography.ts';

/** Given names and family names by language group, so a Madrid company has Spanish-sounding staff. */
export const firstNames: Readonly<Record<NameGroup, readonly string[]>> = {
  en: ['James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Sophia', 'Mason', 'Isabella', 'Lucas',
    'Mia', 'Logan', 'Charlotte', 'Aiden', 'Amelia', 'Jack', 'Harper', 'Owen', 'Grace', 'Ryan', 'Chloe',
    'Nathan', 'Zoe', 'Priya', 'Wei', 'Aisha', 'Sean', 'Fiona', 'Declan'],
  es: ['Lucía', 'Hugo', 'Martina', 'Mateo', 'Sofía', 'Pablo', 'Carmen', 'Javier', 'Elena', 'Diego',
    'Paula', 'Álvaro', 'Marta', 'Sergio', 'Laura', 'Andrés', 'Irene', 'José', 'Ana', 'Raúl', 'Valeria',
    'Alejandro', 'Nuria', 'Iker'],
  de: ['Lukas', 'Hannah', 'Felix', 'Lea', 'Jonas', 'Anna', 'Leon', 'Sophie', 'Maximilian', 'Marie',
    'Paul', 'Lena', 'Niklas', 'Katharina', 'Jürgen', 'Sabine', 'Tobias', 'Julia', 'Stefan', 'Anja'],
  fr: ['Louis', 'Camille', 'Gabriel', 'Léa', 'Arthur', 'Manon', 'Jules', 'Chloé', 'Hugo', 'Inès',
    'Théo', 'Juliette', 'Antoine', 'Élise', 'Mathieu', 'Céline', 'Nicolas', 'Amélie', 'François', 'Margaux'],
  it: ['Leonardo', 'Giulia', 'Francesco', 'Chiara', 'Alessandro', 'Francesca', 'Lorenzo', 'Sara',
    'Matteo', 'Martina', 'Andrea', 'Elisa', 'Marco', 'Federica', 'Davide', 'Silvia'],
  nl: ['Daan', 'Emma', 'Sem', 'Julia', 'Bram', 'Sanne', 'Lars', 'Fleur', 'Ruben', 'Anouk', 'Thijs',
    'Lotte', 'Joris', 'Eva', 'Pieter', 'Maartje'],
  pt: ['João', 'Ana', 'Pedro', 'Beatriz', 'Gabriel', 'Mariana', 'Rafael', 'Larissa', 'Thiago',
    'Camila', 'Lucas', 'Fernanda', 'Gustavo', 'Juliana', 'Bruno', 'Letícia'],
  sv: ['Erik', 'Elsa', 'Oskar', 'Maja', 'Axel', 'Astrid', 'Nils', 'Ebba', 'Viktor', 'Ingrid', 'Gustav',
    'Linnea', 'Anders', 'Karin', 'Johan', 'Sofia'],
};

export const lastNames: Readonly<Record<NameGroup, readonly string[]>> = {
  en: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Anderson',
    'Thomas', 'Moore', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall',
    "O'Brien", 'Murphy', 'Kelly', 'Patel', 'Nguyen', 'Chen', 'Kim', 'Singh', 'Campbell', 'Bennett'],
  es: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez',
    'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Navarro',
    'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil'],
  de: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz',
    'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Braun', 'Zimmermann'],
  fr: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
    'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux'],
  it: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino',
    'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Costa', 'Giordano'],
  nl: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser',
    'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters'],
  pt: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima',
    'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes'],
  sv: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson',
    'Svensson', 'Gustafsson', 'Pettersson', 'Jonsson', 'Lindberg', 'Sjögren', 'Lindqvist', 'Berg'],
};

export type ContactRole = 'economic_buyer' | 'champion' | 'admin' | 'user';

export const titlesByRole: Readonly<Record<ContactRole, readonly string[]>> = {
  economic_buyer: ['VP of Sales', 'Chief Revenue Officer', 'CFO', 'Chief Operating Officer', 'VP Marketing',
    'Head of Revenue Operations', 'Managing Director', 'VP Customer Success'],
  champion: ['Sales Operations Manager', 'Marketing Operations Lead', 'Director of Customer Success',
    'Revenue Operations Manager', 'Growth Marketing Manager', 'Head of Sales Development'],
  admin: ['CRM Administrator', 'Salesforce Administrator', 'IT Manager', 'Systems Administrator',
    'Business Systems Analyst', 'Marketing Technologist'],
  user: ['Account Executive', 'Sales Development Representative', 'Customer Success Manager',
    'Marketing Specialist', 'Data Analyst', 'Account Manager', 'Support Specialist', 'Campaign Manager'],
};

/** Free-mail domains for marketing-list sign-ups that used a personal address. */
export const personalMailDomains = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com'];

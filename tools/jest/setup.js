// Loaded before every test file. class-validator / class-transformer need the Reflect API.
import 'reflect-metadata';
